import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { packageFile } from '../../package-root.js';

const read = (path: string): Buffer => readFileSync(packageFile(path));
const hashOf = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 10);

const newsroomCss = Buffer.concat([read('public/newsroom.css'), existsSync(packageFile('public/editor.css')) ? read('public/editor.css') : Buffer.alloc(0)]);
const cssHash = hashOf(newsroomCss);

export const newsroomStylesheetPath = (): string => `/newsroom/assets/newsroom-${cssHash}.css`;
export const newsroomStylesheet = (): Buffer => newsroomCss;

/** The editor bundle, built by scripts/build-client.mjs into dist/client; read on first use. */
let editor: { body: Buffer; hash: string } | undefined;
export function editorBundle(): { body: Buffer; hash: string } | undefined {
  if (!editor) {
    const file = packageFile('dist/client/editor.js');
    if (!existsSync(file)) return undefined;
    const body = readFileSync(file);
    editor = { body, hash: hashOf(body) };
  }
  return editor;
}
export const editorScriptPath = (): string | undefined => {
  const b = editorBundle();
  return b && `/newsroom/assets/editor-${b.hash}.js`;
};
