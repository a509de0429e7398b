import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

// src/web/newsroom and dist/web/newsroom sit at the same depth, so these paths hold for both.
const root = new URL('../../../', import.meta.url);
const read = (path: string): Buffer => readFileSync(new URL(path, root));
const hashOf = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 10);

const newsroomCss = Buffer.concat([read('public/newsroom.css'), existsSync(new URL('public/editor.css', root)) ? read('public/editor.css') : Buffer.alloc(0)]);
const cssHash = hashOf(newsroomCss);

export const newsroomStylesheetPath = (): string => `/newsroom/assets/newsroom-${cssHash}.css`;
export const newsroomStylesheet = (): Buffer => newsroomCss;

/** The editor bundle, built by scripts/build-client.mjs into dist/client; read on first use. */
let editor: { body: Buffer; hash: string } | undefined;
export function editorBundle(): { body: Buffer; hash: string } | undefined {
  if (!editor) {
    const url = new URL('dist/client/editor.js', root);
    if (!existsSync(url)) return undefined;
    const body = readFileSync(url);
    editor = { body, hash: hashOf(body) };
  }
  return editor;
}
export const editorScriptPath = (): string | undefined => {
  const b = editorBundle();
  return b && `/newsroom/assets/editor-${b.hash}.js`;
};
