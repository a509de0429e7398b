import { bylineLine, isSafeHref, type ArticleStatus, type Block, type Mark } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { StoredArticle } from '../store/articles.js';
import { articlePath } from '../domain/paths.js';

/**
 * Exports a stored article as one IPTC ninjs 3.0 item (valid against ninjs-schema_3.0.json and _3.1.json).
 *
 * Mapping:
 * - `uri`: `urn:dateline:article:<id>`. ninjs wants the uri to identify the item across all its versions and not to be
 *   a link, so the article id (which never changes) is used rather than the public URL (which changes with the section
 *   or the slug). The public page of a published article is given as the rendition named "web" (text/html).
 * - `version`: the store's revision, as a string; `type`: "text"; `representationType`: "full".
 * - `headlines`: [{ role: "main" }]; `bodies`: [{ role: "main", contentType: "text/html" }] with the blocks rendered here;
 *   `descriptions`: the standfirst as role "summary" and the key points as role "keypoints" (an HTML list).
 * - `by`: the byline names in the house style ("A with B", "A, B with C"); `people`: each byline as { name, rel: "author" }.
 * - `located`: the dateline as printed; `places`: its city and country as { name, rel: "located" }.
 * - `subjects`: the section as { name, rel: "section" } and each tag as { name, rel: "about" }.
 * - `firstCreated` / `versionCreated`: createdAt / updatedAt (ninjs has no publication date).
 * - `pubStatus`: usable when published, canceled when unpublished, withheld otherwise; no embargo is ever exported.
 * - `copyrightHolder`: the credit (the agency or provider) when there is one; `slugline`: the slug; `language`.
 */

export const NINJS_EXPORT_VERSION = '3.0';
export const NINJS_EXPORT_SCHEMA = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json';

export interface NinjsExportOptions {
  /** The public site's origin, e.g. "https://news.example.com": absolutises links, images and the web rendition. */
  siteUrl: string;
}

export interface NinjsTextPart {
  role: string;
  contentType: string;
  value: string;
}

export interface NinjsEntity {
  name: string;
  rel: string;
}

/** The subset of a ninjs 3.0 item that Dateline writes. */
export interface Ninjs3Item {
  uri: string;
  standard: { name: 'ninjs'; version: string; schema: string };
  type: 'text';
  representationType: 'full';
  version: string;
  firstCreated: string;
  versionCreated: string;
  pubStatus: 'usable' | 'withheld' | 'canceled';
  language: string;
  slugline: string;
  headlines: NinjsTextPart[];
  descriptions?: NinjsTextPart[];
  bodies: (NinjsTextPart & { wordCount: number })[];
  by?: string;
  people?: NinjsEntity[];
  located?: string;
  places?: NinjsEntity[];
  subjects: NinjsEntity[];
  copyrightHolder?: string;
  renditions?: { name: string; href: string; contentType: string }[];
}

/** The persistent ninjs uri of an article. */
export const articleUri = (id: string): string => `urn:dateline:article:${encodeURIComponent(id)}`;

export function toNinjs(article: StoredArticle, opts: NinjsExportOptions): Ninjs3Item {
  const siteUrl = checkSiteUrl(opts.siteUrl);
  const html = blocksToHtml(article.body, { siteUrl });
  const descriptions: NinjsTextPart[] = [];
  if (article.standfirst?.trim()) descriptions.push({ role: 'summary', contentType: 'text/plain', value: article.standfirst });
  if (article.keyPoints.length) {
    descriptions.push({ role: 'keypoints', contentType: 'text/html', value: `<ul>${article.keyPoints.map((k) => `<li>${escapeHtml(k)}</li>`).join('')}</ul>` });
  }
  const dateline = article.dateline;
  const places = dateline ? [dateline.city, dateline.country].filter((p): p is string => Boolean(p?.trim())).map((name) => ({ name, rel: 'located' })) : [];
  const item: Ninjs3Item = {
    uri: articleUri(article.id),
    standard: { name: 'ninjs', version: NINJS_EXPORT_VERSION, schema: NINJS_EXPORT_SCHEMA },
    type: 'text',
    representationType: 'full',
    version: String(article.revision),
    firstCreated: article.createdAt,
    versionCreated: article.updatedAt,
    pubStatus: pubStatus(article.status),
    language: article.language,
    slugline: article.slug,
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.headline }],
    ...(descriptions.length && { descriptions }),
    bodies: [{ role: 'main', contentType: 'text/html', value: html, wordCount: wordCount(article.body) }],
    ...(article.bylines.length && {
      by: bylineLine(article.bylines),
      people: article.bylines.map((b) => ({ name: b.name, rel: 'author' })),
    }),
    ...(dateline && { located: dateline.text }),
    ...(places.length && { places }),
    subjects: [{ name: article.section, rel: 'section' }, ...article.tags.map((t) => ({ name: t, rel: 'about' }))],
    ...(article.credit?.trim() && { copyrightHolder: article.credit }),
    ...(article.status === 'published' && { renditions: [{ name: 'web', href: siteUrl + articlePath(article), contentType: 'text/html' }] }),
  };
  return item;
}

function checkSiteUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid_input', `siteUrl "${raw}" is not an absolute URL; the ninjs export needs one like https://news.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid_input', `siteUrl "${raw}" must be an http(s) URL`);
  }
  return raw.replace(/\/+$/, '');
}

function pubStatus(status: ArticleStatus): Ninjs3Item['pubStatus'] {
  if (status === 'published') return 'usable';
  if (status === 'unpublished') return 'canceled';
  return 'withheld';
}

function wordCount(blocks: readonly Block[]): number {
  let n = 0;
  const count = (t: string) => (n += t.split(/\s+/).filter(Boolean).length);
  for (const b of blocks) {
    if (b.type === 'paragraph' || b.type === 'crosshead' || b.type === 'blockquote') count(b.text);
    else if (b.type === 'list') b.items.forEach((i) => count(i.text));
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Blocks → HTML

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Renders body blocks as an HTML fragment: paragraphs with em/strong/link marks, crossheads as <h2>, block quotes with
 * a <footer> attribution, lists, figures with <figcaption> (the credit in <small>), and embeds as a link
 * (`<p class="embed"><a href>`). Every text and attribute is escaped; unsafe links become plain text and images whose
 * source is neither http(s) nor a site path are left out. Site paths are made absolute with `siteUrl`.
 */
export function blocksToHtml(blocks: readonly Block[], opts: { siteUrl?: string } = {}): string {
  const site = opts.siteUrl?.replace(/\/+$/, '') ?? '';
  const abs = (href: string) => (href.startsWith('/') && !href.startsWith('//') ? site + href : href);
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph':
        if (b.text.trim()) out.push(`<p>${renderInline(b.text, b.marks, abs)}</p>`);
        break;
      case 'crosshead':
        out.push(`<h2>${escapeHtml(b.text)}</h2>`);
        break;
      case 'blockquote': {
        const paras = splitParagraphs(b.text).map(([from, to]) => `<p>${renderInline(b.text.slice(from, to), shiftMarks(b.marks, from, to), abs)}</p>`);
        const footer = b.attribution?.trim() ? `<footer>${escapeHtml(b.attribution)}</footer>` : '';
        if (paras.length || footer) out.push(`<blockquote>${paras.join('')}${footer}</blockquote>`);
        break;
      }
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        out.push(`<${tag}>${b.items.map((i) => `<li>${renderInline(i.text, i.marks, abs)}</li>`).join('')}</${tag}>`);
        break;
      }
      case 'image': {
        if (!/^(https?:\/\/|\/(?!\/))/i.test(b.src)) break;
        const size = `${b.width ? ` width="${b.width}"` : ''}${b.height ? ` height="${b.height}"` : ''}`;
        const caption = [b.caption?.trim() ? escapeHtml(b.caption) : '', b.credit?.trim() ? `<small>${escapeHtml(b.credit)}</small>` : ''].filter(Boolean).join(' ');
        out.push(`<figure><img src="${escapeHtml(abs(b.src))}" alt="${escapeHtml(b.alt)}"${size} />${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`);
        break;
      }
      case 'embed': {
        const provider = b.provider?.trim() ? ` data-provider="${escapeHtml(b.provider)}"` : '';
        out.push(`<p class="embed"><a href="${escapeHtml(b.url)}"${provider}>${escapeHtml(b.title?.trim() || b.url)}</a></p>`);
        break;
      }
    }
  }
  return out.join('\n');
}

/** [from, to) ranges of the paragraphs in a block quote's text (separated by blank lines). */
function splitParagraphs(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const re = /\n\s*\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    ranges.push([start, m.index]);
    start = m.index + m[0].length;
  }
  ranges.push([start, text.length]);
  return ranges.filter(([a, b]) => text.slice(a, b).trim() !== '');
}

function shiftMarks(marks: readonly Mark[] | undefined, from: number, to: number): Mark[] {
  return (marks ?? [])
    .map((m) => ({ ...m, start: Math.max(m.start, from) - from, end: Math.min(m.end, to) - from }))
    .filter((m) => m.end > m.start);
}

const KIND_ORDER: Record<Mark['kind'], number> = { link: 0, strong: 1, em: 2 };

/** Text with its marks as properly nested tags; overlapping marks are closed and reopened around each other. */
function renderInline(text: string, marks: readonly Mark[] | undefined, abs: (href: string) => string): string {
  const valid = (marks ?? [])
    .map((m) => ({ ...m, start: Math.max(0, m.start), end: Math.min(text.length, m.end) }))
    .filter((m) => m.end > m.start && (m.kind !== 'link' || (m.href !== undefined && isSafeHref(m.href))));
  if (!valid.length) return escapeHtml(text);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const order = (a: Mark, b: Mark) => a.start - b.start || b.end - a.end || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  const open: Mark[] = [];
  const openTag = (m: Mark) => (m.kind === 'link' ? `<a href="${escapeHtml(abs((m.href ?? '').trim()))}">` : `<${m.kind}>`);
  const closeTag = (m: Mark) => (m.kind === 'link' ? '</a>' : `</${m.kind}>`);
  let out = '';
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] as number;
    const b = cuts[i + 1] as number;
    const active = valid.filter((m) => m.start <= a && m.end >= b).sort(order);
    let keep = 0;
    while (keep < open.length && keep < active.length && open[keep] === active[keep]) keep++;
    while (open.length > keep) out += closeTag(open.pop() as Mark);
    for (const m of active.slice(keep)) {
      out += openTag(m);
      open.push(m);
    }
    out += escapeHtml(text.slice(a, b));
  }
  while (open.length) out += closeTag(open.pop() as Mark);
  return out;
}
