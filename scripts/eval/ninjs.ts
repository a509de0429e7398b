import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { WireDraft } from '../../src/wire/types.js';
import { wordF1, wordTokens } from '../../src/wire/word-f1.js';
import { htmlText, nodeText, parseXmlDoc } from './html-text.js';
import { bodyText } from './runner.js';
import type { EvalCase, EvalSet, LoadOptions, Truth } from './types.js';

type Json = Record<string, unknown>;

const PAIRS = 'NewsML 1.2 → ninjs pairs';
const TEXT = 'ninjs text items';
const MEDIA = 'ninjs media/event items';
const SAMPLES = 'wire samples (parse only)';
const MEDIA_TYPES = new Set(['picture', 'audio', 'video', 'graphic', 'event', 'planning']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : []);

function walk(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path, ext) : path.endsWith(ext) ? [path] : [];
    });
}

function headlineOf(d: Json): string | undefined {
  const hs = list(d.headlines);
  const main = hs.find((h) => h.role === 'main') ?? hs[0];
  return str(d.headline) ?? str(d.headline_main) ?? str(main?.value);
}

const kind = (b: Json): string => `${String(b.contenttype ?? b.contentType ?? '')} ${String(b.role ?? '')}`.toLowerCase();

/** The text of a NITF document's body.content (the headline and byline in body.head are not body). */
function nitfText(xml: string): string | undefined {
  const { doc } = parseXmlDoc(xml);
  const all = doc ? Array.from(doc.getElementsByTagName('body.content')) : [];
  return all[0] ? nodeText(all[0]) : undefined;
}

/** The body as text: an HTML rendition when the item has one, else its plain text, else its NITF. */
function bodyOf(d: Json): string | undefined {
  const bodies = list(d.bodies);
  const html = str(bodies.find((b) => kind(b).includes('html'))?.value) ?? str(d.body_html) ?? str(d.body_xhtml) ?? str(d.body_richtext);
  if (html) return htmlText(html);
  const plain = str(bodies.find((b) => !kind(b).includes('nitf'))?.value) ?? str(d.body_text) ?? str(d.body_main);
  if (plain) return plain;
  const nitf = str(bodies.find((b) => kind(b).includes('nitf'))?.value) ?? str(d.body_nitf);
  return nitf ? nitfText(nitf) : undefined;
}

/** Whether `text` begins with `lead`: its first as many words as `lead` has score a word-F1 of at least 0.9 against it. */
function opensWith(text: string, lead: string): boolean {
  const n = wordTokens(lead).length;
  return wordF1(wordTokens(text).slice(0, n).join(' '), lead) >= 0.9;
}

/** Truth for one ninjs item (1.x, 2.x and 3.x names). */
export function ninjsTruth(d: Json): Truth {
  const headline = headlineOf(d);
  const by = str(d.by) ?? str(d.byline);
  const located = str(d.located);
  const dates = ['firstcreated', 'firstCreated', 'contentcreated', 'contentCreated', 'versioncreated', 'versionCreated']
    .map((k) => str(d[k]))
    .filter((v): v is string => v !== undefined);
  const body = bodyOf(d);
  return {
    ...(headline ? { headline: [headline] } : {}),
    ...(by ? { bylines: [by] } : {}),
    ...(located ? { dateline: located } : {}),
    ...(dates.length ? { dates } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

/** IPTC's ninjs examples: each item against its own fields, and the Business Wire NewsML originals against their ninjs versions. */
export const ninjsSet: EvalSet = {
  name: 'iptc-ninjs',
  path: (o: LoadOptions) => join(o.corpora, 'iptc-ninjs'),
  load: (o) => {
    const dir = join(o.corpora, 'iptc-ninjs');
    const cases: EvalCase[] = [];
    const skipped: string[] = [];
    const fileCase = (path: string, rows: string[], truth: Truth): EvalCase => ({
      id: relative(dir, path),
      rows,
      fileKey: path,
      fileName: basename(path),
      bytes: () => readFileSync(path),
      truth,
    });

    // Pairs: the NewsML original scored against the newest ninjs rendering of the same item.
    for (const xml of walk(join(dir, 'examples', 'NewsML'), '.xml')) {
      const id = basename(xml, '.xml');
      const json = ['3.0', '2.1', '1.4'].map((v) => join(dir, 'examples', v, `${id}.json`)).find((p) => existsSync(p));
      if (!json) {
        skipped.push(`${relative(dir, xml)} (no ninjs twin)`);
        continue;
      }
      // These ninjs renderings carry only the lead paragraph, so the body is checked as an opening, not scored by F1.
      const { body, ...truth } = ninjsTruth(JSON.parse(readFileSync(json, 'utf8')) as Json);
      const checks = body === undefined ? [] : [{ name: 'pairs: the body opens with the ninjs body (its lead paragraph), word-F1 ≥ 0.9', test: (a: WireDraft) => opensWith(bodyText(a), body) }];
      cases.push({ ...fileCase(xml, [PAIRS], { ...truth, checks }), id: `${relative(dir, xml)} ↔ ${relative(dir, json)}` });
    }

    for (const path of [...walk(join(dir, 'examples'), '.json'), ...walk(join(dir, 'spec-doc-examples'), '.json')]) {
      let d: unknown;
      try {
        d = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        skipped.push(`${relative(dir, path)} (not JSON)`);
        continue;
      }
      if (typeof d !== 'object' || d === null || Array.isArray(d)) {
        skipped.push(`${relative(dir, path)} (a collection array, not one item)`);
        continue;
      }
      const item = d as Json;
      const truth = ninjsTruth(item);
      if (!truth.headline) {
        skipped.push(`${relative(dir, path)} (no headline)`);
        continue;
      }
      cases.push(fileCase(path, [MEDIA_TYPES.has(String(item.type)) ? MEDIA : TEXT], truth));
    }

    for (const path of walk(join(dir, 'wire-samples-xslt'), '.xml')) cases.push(fileCase(path, [SAMPLES], {}));

    const limited = o.limit === undefined ? cases : cases.slice(0, o.limit);
    const notes = skipped.length ? [`not items with a headline, skipped (${skipped.length}): ${skipped.join('; ')}`] : [];
    notes.push('validation-test-suite/ is schema conformance material, not scored here.');
    return { cases: limited, rows: [PAIRS, TEXT, MEDIA, SAMPLES], notes };
  },
};
