import { readFileSync } from 'node:fs';
import { packageFile } from '../../package-root.js';
import { assetHash } from '../asset-hash.js';

const stylesheet = readFileSync(packageFile('public/site.css'));
const hash = assetHash(stylesheet);

/** The stylesheet's URL carries its content hash, so it can be cached forever. */
export const stylesheetPath = (): string => `/assets/site-${hash}.css`;
export const stylesheetBody = (): Buffer => stylesheet;

const favicon = readFileSync(packageFile('public/favicon.svg'));
const faviconHash = assetHash(favicon);

/** The site's icon as SVG, at a content-hashed URL like the stylesheet's. */
export const faviconPath = (): string => `/assets/favicon-${faviconHash}.svg`;
export const faviconBody = (): Buffer => favicon;

let icoBody: Promise<Buffer> | undefined;

/**
 * The same icon as /favicon.ico, for the clients that ask for that address whatever the page links
 * (feed readers, crawlers, old browsers): an ICO holding one 32×32 PNG, drawn by sharp on first request.
 */
export function faviconIco(): Promise<Buffer> {
  icoBody ??= (async () => {
    const { default: sharp } = await import('sharp');
    const png = await sharp(favicon).resize(32, 32).png().toBuffer();
    // ICONDIR (reserved 0, type 1 = icon, 1 image), then one ICONDIRENTRY: 32×32, no palette, 1 plane, 32 bpp, size, offset.
    const header = Buffer.alloc(22);
    header.writeUInt16LE(0, 0);
    header.writeUInt16LE(1, 2);
    header.writeUInt16LE(1, 4);
    header.writeUInt8(32, 6);
    header.writeUInt8(32, 7);
    header.writeUInt16LE(1, 10);
    header.writeUInt16LE(32, 12);
    header.writeUInt32LE(png.length, 14);
    header.writeUInt32LE(header.length, 18);
    return Buffer.concat([header, png]);
  })();
  icoBody.catch(() => (icoBody = undefined));
  return icoBody;
}
