import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../package-root.js';

const stylesheet = readFileSync(packageFile('public/site.css'));
const hash = createHash('sha256').update(stylesheet).digest('hex').slice(0, 10);

/** The stylesheet's URL carries its content hash, so it can be cached forever. */
export const stylesheetPath = (): string => `/assets/site-${hash}.css`;
export const stylesheetBody = (): Buffer => stylesheet;
