import { existsSync, readFileSync } from 'node:fs';
import { packageFile } from '../../package-root.js';
import { assetHash } from '../asset-hash.js';

const read = (path: string): Buffer => readFileSync(packageFile(path));

const newsroomCss = Buffer.concat([read('public/newsroom.css'), existsSync(packageFile('public/editor.css')) ? read('public/editor.css') : Buffer.alloc(0)]);
const cssHash = assetHash(newsroomCss);

export const newsroomStylesheetPath = (): string => `/newsroom/assets/newsroom-${cssHash}.css`;
export const newsroomStylesheet = (): Buffer => newsroomCss;

/** The editor bundle, built by scripts/build-client.mjs into dist/client; read on first use. */
let editor: { body: Buffer; hash: string } | undefined;
export function editorBundle(): { body: Buffer; hash: string } | undefined {
  if (!editor) {
    const file = packageFile('dist/client/editor.js');
    if (!existsSync(file)) return undefined;
    const body = readFileSync(file);
    editor = { body, hash: assetHash(body) };
  }
  return editor;
}
export const editorScriptPath = (): string | undefined => {
  const b = editorBundle();
  return b && `/newsroom/assets/editor-${b.hash}.js`;
};
