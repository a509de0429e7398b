import type { Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { headlineMatches } from './match.js';
import { nodeText, parseXmlDoc } from './html-text.js';
import type { EvalCase, EvalSet, LoadOptions, Truth } from './types.js';

const TEXT = 'text news items';
const OTHER = 'other items with a headline';
const ALL = 'all items';
const ITEMS = new Set(['newsItem', 'packageItem']);

const local = (n: XmlNode): string => (n as XmlElement).localName ?? n.nodeName.replace(/^.*:/, '');
const kids = (n: XmlNode | undefined, name: string): XmlElement[] =>
  n ? Array.from(n.childNodes).filter((c): c is XmlElement => c.nodeType === 1 && local(c) === name) : [];
const kid = (n: XmlNode | undefined, name: string): XmlElement | undefined => kids(n, name)[0];
const flat = (n: XmlNode | undefined): string => (n ? nodeText(n).replace(/\s+/g, ' ').trim() : '');

function findAll(n: XmlNode, names: ReadonlySet<string>, out: XmlElement[] = []): XmlElement[] {
  for (const c of Array.from(n.childNodes)) {
    if (c.nodeType !== 1) continue;
    if (names.has(local(c))) out.push(c as XmlElement);
    findAll(c, names, out);
  }
  return out;
}

function find(n: XmlNode | undefined, name: string): XmlElement | undefined {
  return n ? findAll(n, new Set([name]))[0] : undefined;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.xml') ? [path] : [];
    });
}

/** The body of a text item: NITF body.content, an XHTML body, or the inline text, whichever the item carries. */
function bodyOf(item: XmlElement): string | undefined {
  const set = kid(item, 'contentSet');
  const inline = kid(set, 'inlineXML');
  if (inline) {
    const content = find(inline, 'body.content') ?? find(inline, 'body');
    return nodeText(content ?? inline);
  }
  const data = kid(set, 'inlineData');
  return data ? nodeText(data) : undefined;
}

/** Truth read straight from one item's XML: contentMeta's headline, by (else the NITF byline), dateline (else located), dates, body. */
function itemTruth(item: XmlElement): { truth: Truth; text: boolean } | undefined {
  const meta = kid(item, 'contentMeta');
  const headlines = kids(meta, 'headline').map(flat).filter((h) => h !== '');
  if (headlines.length === 0) return undefined;
  const itemMeta = kid(item, 'itemMeta');
  const itemClass = kid(itemMeta, 'itemClass')?.getAttribute('qcode') ?? '';
  const text = local(item) === 'newsItem' && /:text$|:composite$/.test(itemClass);
  // contentMeta's <by>, else the byline of an inline NITF body.
  const nitfByline = flat(find(kid(kid(item, 'contentSet'), 'inlineXML'), 'byline'));
  const by = [...kids(meta, 'by').map(flat).filter((b) => b !== ''), ...(kids(meta, 'by').length === 0 && nitfByline ? [nitfByline] : [])];
  const dateline = flat(kid(meta, 'dateline')) || flat(kid(kid(meta, 'located'), 'name'));
  const dates = [flat(kid(itemMeta, 'firstCreated')), flat(kid(itemMeta, 'versionCreated')), flat(kid(meta, 'contentCreated'))].filter((d) => d !== '');
  const body = text ? bodyOf(item) : undefined;
  return {
    text,
    truth: {
      headline: headlines,
      ...(by.length ? { bylines: by } : {}),
      ...(dateline ? { dateline } : {}),
      ...(dates.length ? { dates } : {}),
      ...(body !== undefined ? { body } : {}),
    },
  };
}

/** IPTC's NewsML-G2 examples and should_pass unit files: every item whose contentMeta has a headline. */
export const newsmlG2Set: EvalSet = {
  name: 'iptc-newsml-g2',
  path: (o: LoadOptions) => join(o.corpora, 'iptc-newsml-g2'),
  load: (o) => {
    const dir = join(o.corpora, 'iptc-newsml-g2');
    const files = [...walk(join(dir, 'examples')), ...walk(join(dir, 'unit-test-files')).filter((p) => p.includes('/should_pass/'))];
    const cases: EvalCase[] = [];
    const notes: string[] = [];
    let without = 0;
    for (const path of files) {
      const { doc, errors } = parseXmlDoc(readFileSync(path, 'utf8'));
      if (!doc) {
        notes.push(`${relative(dir, path)}: not readable as XML for truth (${errors[0] ?? 'unknown error'}), skipped`);
        continue;
      }
      const items = findAll(doc, ITEMS).map(itemTruth).filter((t) => t !== undefined);
      if (items.length === 0) without++;
      items.forEach(({ truth, text }, i) => {
        cases.push({
          id: items.length > 1 ? `${relative(dir, path)} item ${i}` : relative(dir, path),
          rows: [text ? TEXT : OTHER, ALL],
          fileKey: path,
          fileName: basename(path),
          bytes: () => readFileSync(path),
          truth,
          pick: (parsed) => parsed.find((p) => headlineMatches(p.article.headline, truth.headline ?? [])) ?? parsed[i],
        });
      });
    }
    notes.unshift(`${files.length} files read; ${without} have no newsItem/packageItem with a contentMeta headline (concept, knowledge, planning items, bare conformance cases) and are not scored.`);
    return { cases: o.limit === undefined ? cases : cases.slice(0, o.limit), rows: [TEXT, OTHER, ALL], notes };
  },
};
