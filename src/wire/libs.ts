import { createRequire } from 'node:module';
import type * as Linkedom from 'linkedom';
import type * as Xmldom from '@xmldom/xmldom';
import type * as ReadabilityModule from '@mozilla/readability';

/*
 * The DOM libraries the parsers use, loaded on first use. Loading linkedom, xmldom and Readability
 * took about 0.2 s of every `dateline import`, also when every file was plain text, which needs none
 * of them. The parsers are synchronous, so the libraries are required, not imported: linkedom is
 * taken from its CommonJS build, the same code as its ES module build.
 */
const require = createRequire(import.meta.url);
let linkedom: typeof Linkedom | undefined;
let xmldom: typeof Xmldom | undefined;
let readability: typeof ReadabilityModule | undefined;

/** linkedom's `parseHTML`: a DOM for an HTML string. */
export const parseHTML: typeof Linkedom.parseHTML = (html, globals) => (linkedom ??= require('linkedom') as typeof Linkedom).parseHTML(html, globals);

/** xmldom's DOMParser. */
export function xmlParser(options?: Xmldom.DOMParserOptions): Xmldom.DOMParser {
  xmldom ??= require('@xmldom/xmldom') as typeof Xmldom;
  return new xmldom.DOMParser(options);
}

/** Mozilla's Readability class. */
export function readabilityClass(): typeof ReadabilityModule.Readability {
  readability ??= require('@mozilla/readability') as typeof ReadabilityModule;
  return readability.Readability;
}
