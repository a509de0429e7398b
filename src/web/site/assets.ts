import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// src/web/site and dist/web/site sit at the same depth, so this path holds for both.
const stylesheet = readFileSync(new URL('../../../public/site.css', import.meta.url));
const hash = createHash('sha256').update(stylesheet).digest('hex').slice(0, 10);

/** The stylesheet's URL carries its content hash, so it can be cached forever. */
export const stylesheetPath = (): string => `/assets/site-${hash}.css`;
export const stylesheetBody = (): Buffer => stylesheet;
