import type { Block, Byline } from '../domain/article.js';
import { SLUG_PATTERN, slugify } from '../domain/slug.js';
import { parseHTML, xmlParser } from './libs.js';
import { domToBlocks, type DomNode } from './html-blocks.js';
import type { WireDraft, WireParseResult, WireReport } from './types.js';
import {
  attr,
  childElements,
  clip,
  collapse,
  decodeXml,
  fail,
  fileLabel,
  finishDraft,
  guard,
  localName,
  newReport,
  normaliseLanguage,
  sniffRoot,
  tagList,
  toInstant,
  type Position,
  type XmlDocument,
  type XmlElement,
} from './xml.js';

/**
 * WordPress eXtended RSS (WXR), the file WordPress's Tools → Export writes: one <rss><channel> holding the site's
 * authors, then one <item> per post, page, attachment or menu item. Each post becomes one article draft; the rest is
 * counted and left out. Also home to what the two migration importers (WXR and Ghost) share: the result type, the
 * size limit, section names and the HTML-to-blocks pipeline that keeps embeds.
 */

// ---------------------------------------------------------------------------------------------
// Shared by the migration importers

/** A migrated post: the draft, the report, and what the source says about its state. */
export type MigrationParseResult = WireParseResult & {
  status: 'published' | 'draft';
  authorEmail?: string;
  slug?: string;
};

/** Migration exports are whole sites: bigger than wire copy, but still read in one go. */
export const MAX_MIGRATION_BYTES = 200 * 1024 * 1024;

const SECTION_ALIASES = new Map<string, string>([
  ['news', 'news'],
  ['latest news', 'news'],
  ['breaking news', 'news'],
  ['politics', 'politics'],
  ['political', 'politics'],
  ['features', 'features'],
  ['feature', 'features'],
  ['arts', 'arts'],
  ['art', 'arts'],
  ['culture', 'arts'],
  ['arts & culture', 'arts'],
  ['arts and culture', 'arts'],
  ['entertainment', 'entertainment'],
  ['showbiz', 'entertainment'],
  ['society', 'society'],
  ['sport', 'sport'],
  ['sports', 'sport'],
]);

/** The Dateline section a category or tag name stands for ("Sports" → sport, "Culture" → arts), or undefined. */
export function sectionForName(name: string): string | undefined {
  return SECTION_ALIASES.get(collapse(name).trim().toLowerCase());
}

/** Refuses an empty file or one over the migration limit, before anything is decoded. */
export function checkSize(input: Buffer, file: string): Buffer {
  if (!(input instanceof Uint8Array)) fail(file, 'expected the file as bytes');
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
  if (bytes.length > MAX_MIGRATION_BYTES) {
    fail(file, `the file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_MIGRATION_BYTES / 1048576} MB limit for a migration export`);
  }
  if (bytes.length === 0) fail(file, 'the file is empty');
  return bytes;
}

/** "3 pages", "1 attachment": the counts of items a migration left out. */
export function countLines(counts: Map<string, number>, plural: (kind: string) => string = (k) => `${k}s`): string[] {
  return [...counts].map(([kind, n]) => `${n} ${n === 1 ? kind : plural(kind)}`);
}

/** The text of an HTML fragment: tags gone, entities decoded, white space collapsed. */
export function htmlText(html: string | undefined): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return collapse(html).trim();
  const { document } = parseHTML(`<!DOCTYPE html><html><body><div>${html}</div></body></html>`);
  return collapse(document.body.textContent ?? '').trim();
}

/** Escapes text for HTML built by hand. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface EmbedRef {
  url: string;
  provider?: string;
  title?: string;
}

const PROVIDERS: [RegExp, string][] = [
  [/(?:^|\.)(?:youtube(?:-nocookie)?\.com|youtu\.be)$/, 'YouTube'],
  [/(?:^|\.)vimeo\.com$/, 'Vimeo'],
  [/(?:^|\.)(?:twitter\.com|x\.com)$/, 'Twitter'],
  [/(?:^|\.)instagram\.com$/, 'Instagram'],
  [/(?:^|\.)(?:facebook\.com|fb\.watch)$/, 'Facebook'],
  [/(?:^|\.)soundcloud\.com$/, 'SoundCloud'],
  [/(?:^|\.)spotify\.com$/, 'Spotify'],
  [/(?:^|\.)tiktok\.com$/, 'TikTok'],
  [/(?:^|\.)(?:flickr\.com|flic\.kr)$/, 'Flickr'],
  [/(?:^|\.)(?:dailymotion\.com|dai\.ly)$/, 'Dailymotion'],
  [/(?:^|\.)reddit\.com$/, 'Reddit'],
  [/(?:^|\.)tumblr\.com$/, 'Tumblr'],
  [/(?:^|\.)imgur\.com$/, 'Imgur'],
  [/(?:^|\.)slideshare\.net$/, 'SlideShare'],
  [/(?:^|\.)scribd\.com$/, 'Scribd'],
  [/(?:^|\.)issuu\.com$/, 'Issuu'],
  [/(?:^|\.)ted\.com$/, 'TED'],
  [/(?:^|\.)mixcloud\.com$/, 'Mixcloud'],
  [/(?:^|\.)giphy\.com$/, 'Giphy'],
  [/(?:^|\.)codepen\.io$/, 'CodePen'],
  [/^gist\.github\.com$/, 'GitHub Gist'],
  [/(?:^|\.)bsky\.app$/, 'Bluesky'],
  [/(?:^|\.)threads\.(?:net|com)$/, 'Threads'],
  [/(?:^|\.)(?:google\.[a-z.]+)$/, 'Google'],
];

/** The oEmbed provider WordPress (and Ghost) would embed a URL from, or undefined for an ordinary link. */
export function knownProvider(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return PROVIDERS.find(([pattern]) => pattern.test(host))?.[1];
  } catch {
    return undefined;
  }
}

function makeEmbed(raw: string, title?: string): EmbedRef | undefined {
  let url = raw.trim().replace(/&amp;/g, '&');
  if (url.startsWith('//')) url = `https:${url}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const provider = knownProvider(url) ?? parsed.hostname.replace(/^www\./, '').slice(0, 100);
  const t = title ? collapse(title).trim().slice(0, 300) : '';
  return { url, ...(provider && { provider }), ...(t && { title: t }) };
}

const SLOT = /\uE000embed(\d+)\uE001/g;
const WHOLE_SLOT = /^\uE000embed(\d+)\uE001$/;

/**
 * Embeds found in a body before it becomes blocks. html-blocks has no embed rule (it skips iframes), so each embed
 * is replaced by a paragraph holding a private-use token, and the token paragraph becomes an embed block afterwards.
 */
export class EmbedSlots {
  readonly list: EmbedRef[] = [];

  /** The token text for an embed of this URL, or undefined when the URL is not http(s). */
  token(url: string, title?: string): string | undefined {
    const embed = makeEmbed(url, title);
    if (!embed) return undefined;
    this.list.push(embed);
    return `\uE000embed${this.list.length - 1}\uE001`;
  }

  /** A `<p>` holding the token, for bodies still being written as HTML. */
  html(url: string, title?: string): string | undefined {
    const token = this.token(url, title);
    return token === undefined ? undefined : `<p>${token}</p>`;
  }
}

/** Minimal DOM surface of linkedom used to rewrite embeds and galleries. */
interface HtmlEl {
  tagName: string;
  textContent: string | null;
  parentNode: HtmlEl | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(sel: string): HtmlEl | null;
  querySelectorAll(sel: string): ArrayLike<HtmlEl>;
  closest(sel: string): HtmlEl | null;
  cloneNode(deep?: boolean): HtmlEl;
  appendChild(node: HtmlEl): void;
  insertBefore(node: HtmlEl, ref: HtmlEl): void;
  removeChild(node: HtmlEl): void;
}
interface HtmlDoc {
  body: HtmlEl;
  createElement(tag: string): HtmlEl;
}

function replaceWithToken(doc: HtmlDoc, el: HtmlEl, token: string | undefined): boolean {
  const parent = el.parentNode;
  if (!parent) return false;
  if (token !== undefined) {
    const p = doc.createElement('p');
    p.textContent = token;
    parent.insertBefore(p, el);
  }
  parent.removeChild(el);
  return token !== undefined;
}

/** Rewrites what html-blocks would lose or misread: iframes and social blockquotes → embeds, galleries → one figure per image. */
function rewriteHtmlDom(doc: HtmlDoc, slots: EmbedSlots, warnings: string[]): void {
  const all = (sel: string): HtmlEl[] => Array.from(doc.body.querySelectorAll(sel));
  for (const card of all('figure.kg-bookmark-card')) {
    const href = card.querySelector('a[href]')?.getAttribute('href') ?? '';
    const title = card.querySelector('.kg-bookmark-title')?.textContent ?? undefined;
    if (!replaceWithToken(doc, card, slots.token(href, title ?? undefined))) warnings.push('a bookmark card without a usable link was dropped');
  }
  for (const quote of all('blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed')) {
    const links = Array.from(quote.querySelectorAll('a[href]')).map((a) => a.getAttribute('href') ?? '');
    const url = quote.getAttribute('data-instgrm-permalink') ?? quote.getAttribute('cite') ?? links.reverse().find((h) => /\/status\/\d+/.test(h)) ?? links[0] ?? '';
    // A social post pasted as its embed code: keep the quote as text when no link to the post is left.
    if (url) replaceWithToken(doc, quote, slots.token(url));
  }
  for (const frame of all('iframe')) {
    const src = frame.getAttribute('src') ?? frame.getAttribute('data-src') ?? '';
    const figure = frame.closest('figure');
    const wrapper = figure && !figure.querySelector('img') ? figure : frame;
    const caption = wrapper === figure ? (figure.querySelector('figcaption')?.textContent ?? undefined) : undefined;
    const title = caption?.trim() || frame.getAttribute('title') || undefined;
    if (!replaceWithToken(doc, wrapper, slots.token(src, title))) warnings.push(`an iframe${src ? ` (${src.slice(0, 80)})` : ''} was dropped: its source is not an http(s) URL`);
  }
  const media = all('video, audio');
  for (const m of media) m.parentNode?.removeChild(m);
  if (media.length) warnings.push(`${media.length} video/audio element${media.length === 1 ? ' was' : 's were'} dropped: the article model has no media player block`);
  for (const figure of all('figure')) {
    // Only outermost figures still in the document; nested ones go with their gallery.
    if (!figure.parentNode || figure.parentNode.closest('figure')) continue;
    const images = Array.from(figure.querySelectorAll('img'));
    if (images.length < 2) continue;
    const own = Array.from(figure.querySelectorAll('figcaption')).find((c) => c.closest('figure') === figure);
    const parent = figure.parentNode;
    images.forEach((img, i) => {
      const inner = img.closest('figure');
      const caption = inner && inner !== figure ? inner.querySelector('figcaption')?.textContent : i === 0 ? own?.textContent : undefined;
      const out = doc.createElement('figure');
      out.appendChild(img.cloneNode(true));
      if (caption?.trim()) {
        const fc = doc.createElement('figcaption');
        fc.textContent = caption.trim();
        out.appendChild(fc);
      }
      parent.insertBefore(out, figure);
    });
    parent.removeChild(figure);
  }
}

function replaceSlots(text: string, slots: EmbedSlots): string {
  return text.replace(SLOT, (_m, i: string) => slots.list[Number(i)]?.url ?? '');
}

/** Swaps the token paragraphs for embed blocks; a token that ended up inside other text becomes its URL. */
function resolveSlots(blocks: Block[], slots: EmbedSlots, warnings: string[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') {
      const whole = WHOLE_SLOT.exec(block.text.trim());
      const embed = whole ? slots.list[Number(whole[1])] : undefined;
      if (embed) {
        out.push({ type: 'embed', ...embed });
        continue;
      }
    }
    const hasSlot = (t: string): boolean => t.includes('\uE000embed');
    if ((block.type === 'paragraph' || block.type === 'blockquote') && hasSlot(block.text)) {
      warnings.push('an embed inside running text was kept as its URL');
      const copy = { ...block, text: replaceSlots(block.text, slots).trim() };
      delete copy.marks;
      out.push(copy);
    } else if (block.type === 'list' && block.items.some((i) => hasSlot(i.text))) {
      warnings.push('an embed inside a list was kept as its URL');
      out.push({ ...block, items: block.items.map((i) => (hasSlot(i.text) ? { text: replaceSlots(i.text, slots).trim() } : i)) });
    } else if (block.type === 'crosshead' && hasSlot(block.text)) {
      out.push({ ...block, text: replaceSlots(block.text, slots).trim() || 'Embed' });
    } else out.push(block);
  }
  return out;
}

/** HTML (with embed tokens from `slots`) to blocks: embeds and galleries rewritten, then the shared converter. */
export function blocksFromHtml(html: string, slots: EmbedSlots): { blocks: Block[]; warnings: string[] } {
  const warnings: string[] = [];
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  const doc = document as unknown as HtmlDoc;
  rewriteHtmlDom(doc, slots, warnings);
  const converted = domToBlocks(doc.body as unknown as DomNode);
  const blocks = resolveSlots(converted.blocks, slots, warnings);
  return { blocks, warnings: [...warnings, ...converted.warnings] };
}

/** An ISO instant from a JSON or RFC 822 date; undefined (with a warning) when it is not one. */
export function looseInstant(value: unknown, label: string, warnings: string[]): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') {
    const d = new Date(value);
    if (Number.isFinite(value) && !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900) return d.toISOString();
    warnings.push(`${label} ${String(value)} is not a date; it was ignored`);
    return undefined;
  }
  if (typeof value !== 'string') {
    warnings.push(`${label} is not a date; it was ignored`);
    return undefined;
  }
  const raw = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    // Both exports keep UTC without a zone ("2013-07-29 16:03:54"): read it as UTC without the no-zone warning.
    const noZone = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(raw);
    const found: string[] = [];
    const iso = toInstant(noZone ? `${raw}Z` : raw, label, found);
    // A UTC date must come back as itself: 2024-02-30 would otherwise roll over to 1 March.
    if (!iso || (noZone && !iso.startsWith(raw.slice(0, 10)))) {
      warnings.push(`${label} "${raw.slice(0, 60)}" is not a real date; it was ignored`);
      return undefined;
    }
    return iso;
  }
  const rfc = /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+(\d{4})\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|GMT|UTC?|Z|[A-Z]{3})?$/.exec(raw);
  const parsed = rfc ? new Date(raw) : undefined;
  if (parsed && !Number.isNaN(parsed.getTime()) && Number(rfc?.[1]) >= 1900) return parsed.toISOString();
  warnings.push(`${label} "${raw.slice(0, 60)}" is not a date this parser reads; it was ignored`);
  return undefined;
}

/** The error a single post raises; the file goes on without it. */
export class PostSkipped extends Error {}

/** A post's label in warnings: "Title" (wp:12). */
export const postLabel = (title: string, id: string): string => `"${clip(title || '(untitled)', 80)}" (${id})`;

/** Text of an error for a warning, without the file prefix fail() adds. */
export function reason(error: unknown, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}

/** The headline a post without a title gets: the start of its first paragraph, with a warning. */
export function headlineFromBody(body: readonly Block[], warnings: string[]): string | undefined {
  const first = body.find((b) => b.type === 'paragraph' || b.type === 'crosshead');
  if (!first || (first.type !== 'paragraph' && first.type !== 'crosshead') || !first.text.trim()) return undefined;
  const sentence = /^(.{20,}?[.!?])(?:\s|$)/.exec(first.text)?.[1] ?? first.text;
  warnings.push('the post has no title; the headline was taken from its first paragraph');
  return clip(sentence.trim(), 120);
}

/** A slug the article model accepts, from the source's: kept when valid, else made from it; undefined when empty. */
export function cleanSlug(raw: string | undefined, report: WireReport): string | undefined {
  let s = raw?.trim() ?? '';
  if (!s) return undefined;
  try {
    s = decodeURIComponent(s);
  } catch {
    // Not percent-encoded after all.
  }
  if (SLUG_PATTERN.test(s) && s.length <= 100) {
    report.recognised.push(`slug: ${s}`);
    return s;
  }
  const made = slugify(s);
  report.recognised.push(`slug: ${made} (made from "${s.slice(0, 100)}")`);
  return made === 'article' ? undefined : made;
}

// ---------------------------------------------------------------------------------------------
// XML

const WP_NS = /^https?:\/\/wordpress\.org\/export\/[\d.]+\/?$/;
const EXCERPT_NS = /^https?:\/\/wordpress\.org\/export\/[\d.]+\/excerpt\/?$/;
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/';
const DC_NS = /^https?:\/\/purl\.org\/dc\/elements\/1\.1\/?$/;

type Ns = 'wp' | 'excerpt' | 'content' | 'dc' | '';
function inNs(el: XmlElement, ns: Ns): boolean {
  const uri = el.namespaceURI ?? '';
  switch (ns) {
    case 'wp':
      return WP_NS.test(uri);
    case 'excerpt':
      return EXCERPT_NS.test(uri);
    case 'content':
      return uri === CONTENT_NS;
    case 'dc':
      return DC_NS.test(uri);
    case '':
      return uri === '';
  }
}

const kids = (el: XmlElement | undefined, ns: Ns, name: string): XmlElement[] => childElements(el, name).filter((k) => inNs(k, ns));
const kid = (el: XmlElement | undefined, ns: Ns, name: string): XmlElement | undefined => kids(el, ns, name)[0];
/** The raw text of a child (CDATA included), untrimmed inside; '' when absent. */
const raw = (el: XmlElement | undefined, ns: Ns, name: string): string => kid(el, ns, name)?.textContent ?? '';
const val = (el: XmlElement | undefined, ns: Ns, name: string): string => collapse(raw(el, ns, name)).trim();

function describeXmlProblem(message: string): string {
  const entity = /entity not found:\s*(&[^;\s]*;?)/.exec(message);
  if (entity) return `the entity ${entity[1]} is not declared (XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references)`;
  if (/unclosed xml tag|end of input/i.test(message)) return `${message.replace(/\s+/g, ' ').slice(0, 200)} (the file looks truncated)`;
  return message.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * The safe parse of xml.ts's parseXml (declared encoding honoured, entity declarations refused, any parser complaint
 * fatal, with line and column), under the 200 MB migration limit instead of the 20 MB wire limit.
 */
function parseExportXml(input: Buffer, file: string): { doc: XmlDocument; root: XmlElement; warnings: string[] } {
  const bytes = checkSize(input, file);
  const decoded = decodeXml(bytes, file);
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') fail(file, 'the file holds only white space, no XML');
  const position = (offset: number): Position => {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  };
  const nul = text.indexOf('\u0000');
  if (nul !== -1) fail(file, 'binary data, not XML: a NUL character', position(nul));
  const doctype = /<!DOCTYPE\b/i.exec(text.slice(0, 65536));
  if (doctype) {
    const entity = text.indexOf('<!ENTITY', doctype.index);
    if (entity !== -1 && entity < doctype.index + 65536) fail(file, 'the DOCTYPE declares entities (<!ENTITY ...>); such files are refused', position(entity));
  }
  let problem: { message: string; at: Position } | undefined;
  const parser = xmlParser({
    onError: (_level, message, context: unknown) => {
      const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      problem ??= { message, at: { line: locator?.lineNumber, column: locator?.columnNumber } };
      throw new Error(message);
    },
  });
  let doc: XmlDocument;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    const found = problem ?? { message: error instanceof Error ? error.message : String(error), at: {} };
    fail(file, `not well-formed XML: ${describeXmlProblem(found.message)}`, found.at);
  }
  const root = doc.documentElement;
  if (!root) fail(file, 'not XML: no root element');
  return { doc, root, warnings: decoded.warnings };
}

// ---------------------------------------------------------------------------------------------
// Sniffing

/** A WordPress export: an <rss> root that declares the wordpress.org/export namespace. */
export function isWxr(input: Buffer): boolean {
  const sniff = sniffRoot(input);
  if (!sniff || sniff.localName.toLowerCase() !== 'rss') return false;
  return /wordpress\.org\/export\/\d/i.test(sniff.attributes) || /xmlns:\w+\s*=\s*["']https?:\/\/wordpress\.org\/export\/\d/i.test(sniff.sample);
}

// ---------------------------------------------------------------------------------------------
// WordPress content

const WP_BLOCK_TAGS =
  'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|script|noscript|video|audio|object|embed|center';
const OPEN_BLOCK = new RegExp(`(<(?:${WP_BLOCK_TAGS})\\b[^>]*>)`, 'gi');
const CLOSE_BLOCK = new RegExp(`(</(?:${WP_BLOCK_TAGS})\\s*>)`, 'gi');
const STARTS_BLOCK = new RegExp(`^(?:</?(?:${WP_BLOCK_TAGS})\\b|\\uE002)`, 'i');
const TRAILING_CLOSERS = new RegExp(`((?:\\s*</(?:${WP_BLOCK_TAGS})\\s*>)+)\\s*$`, 'i');

/**
 * wpautop, lite: blank lines separate paragraphs; a chunk that starts with a block tag is left as it is, any other
 * is wrapped in <p>, and a single line break inside a paragraph becomes <br>.
 */
export function autop(html: string): string {
  const spaced = html.replace(OPEN_BLOCK, '\n\n$1').replace(CLOSE_BLOCK, '$1\n\n');
  return spaced
    .split(/\n[ \t]*\n/)
    .map((c) => c.trim())
    .filter(Boolean)
    .map((chunk) => {
      if (STARTS_BLOCK.test(chunk)) return chunk;
      const closers = TRAILING_CLOSERS.exec(chunk);
      const inner = closers ? chunk.slice(0, closers.index).trim() : chunk;
      const tail = closers?.[1]?.trim() ?? '';
      return inner ? `<p>${inner.replace(/\s*\n\s*/g, '<br />')}</p>${tail}` : tail;
    })
    .join('\n');
}

/** Shortcodes WordPress core registers whose output is media we do not carry. */
const MEDIA_SHORTCODES = new Set(['gallery', 'audio', 'video', 'playlist', 'wp_playlist']);

function shortcodeAttr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s\\]]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Shortcodes: [caption] → <figure>, [embed]/[youtube] → embeds, media shortcodes dropped, unknown ones unwrapped. */
function expandShortcodes(content: string, slots: EmbedSlots, warnings: string[]): string {
  let s = content;
  const tally = new Map<string, number>();
  const note = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  // Escaped shortcodes ([[foo]]) are printed as [foo], untouched by the rules below.
  const escaped: string[] = [];
  s = s.replace(/\[\[([^[\]]+)\]\]/g, (_m, inner: string) => `\uE004${escaped.push(`[${inner}]`) - 1}\uE005`);

  s = s.replace(/\[(caption|wp_caption)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/gi, (_m, _name: string, attrs: string, inner: string) => {
    const img = /<img\b[^>]*>/i.exec(inner);
    if (!img) {
      note('shortcode [caption] has no image; its text was kept');
      return `\n\n${inner}\n\n`;
    }
    const captionHtml = (inner.slice(0, img.index) + inner.slice(img.index + img[0].length)).replace(/<\/?a\b[^>]*>/gi, '').trim() || shortcodeAttr(attrs, 'caption') || '';
    return `\n\n<figure>${img[0]}${captionHtml ? `<figcaption>${captionHtml}</figcaption>` : ''}</figure>\n\n`;
  });
  s = s.replace(/\[embed\b[^\]]*\]\s*([^\s[<]+)\s*\[\/embed\]/gi, (m, url: string) => {
    const html = slots.html(url);
    if (!html) note('shortcode [embed] without an http(s) URL dropped');
    return html ? `\n\n${html}\n\n` : '';
  });
  s = s.replace(/\[youtube[\s=]+([^\]\s]+)[^\]]*\]/gi, (_m, url: string) => {
    const html = slots.html(url);
    return html ? `\n\n${html}\n\n` : '';
  });
  for (const name of MEDIA_SHORTCODES) {
    const pair = new RegExp(`\\[${name}\\b[^\\]]*\\][\\s\\S]*?\\[\\/${name}\\]`, 'gi');
    const single = new RegExp(`\\[${name}\\b[^\\]]*\\]`, 'gi');
    const drop = (): string => {
      note(`shortcode [${name}] dropped`);
      return '';
    };
    s = s.replace(pair, drop).replace(single, drop);
  }
  // Unknown shortcodes lose their tags and keep their text.
  const closers = new Set([...s.matchAll(/\[\/([a-z][a-z0-9_-]*)\]/gi)].map((m) => (m[1] as string).toLowerCase()));
  s = s.replace(/\[(\/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)\/?\]/gi, (m, slash: string, rawName: string, attrs: string) => {
    const name = rawName.toLowerCase();
    const isShortcode = /[_-]/.test(name) || attrs.includes('=') || closers.has(name);
    if (!isShortcode) return m;
    if (!slash) note(closers.has(name) ? `unknown shortcode [${name}] unwrapped: its tags were dropped, the text inside kept` : `unknown shortcode [${name}] dropped`);
    return '';
  });
  s = s.replace(/\uE004(\d+)\uE005/g, (_m, i: string) => escaped[Number(i)] ?? '');
  for (const [what, n] of tally) warnings.push(`${what}${n > 1 ? ` (${n}×)` : ''}`);
  return s;
}

/** A URL alone on its line (or alone in a <p>) is a WordPress auto-embed when its site is an oEmbed provider. */
function autoEmbeds(content: string, slots: EmbedSlots): string {
  const embedLine = (m: string, url: string): string => {
    if (!knownProvider(url.replace(/&amp;/g, '&'))) return m;
    return slots.html(url) ?? m;
  };
  return content
    .replace(/<p(?:\s[^>]*)?>\s*(https?:\/\/[^\s<>"]+)\s*<\/p>/gi, embedLine)
    .replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gim, (m, url: string) => {
      const html = embedLine(m, url);
      return html === m ? m : `\n${html}\n`;
    });
}

/** A post's content:encoded, as WordPress would show it, to HTML the block converter reads. */
export function wordpressHtml(content: string, slots: EmbedSlots, warnings: string[]): string {
  let s = content.replace(/\r\n?/g, '\n');
  const hadParagraphs = /<p[\s>]/i.test(s);
  const pres: string[] = [];
  s = s.replace(/<pre\b[\s\S]*?<\/pre\s*>/gi, (m) => `\n\n\uE002${pres.push(m) - 1}\uE003\n\n`);
  s = expandShortcodes(s, slots, warnings);
  s = autoEmbeds(s, slots);
  if (!hadParagraphs) s = autop(s);
  return s.replace(/\uE002(\d+)\uE003/g, (_m, i: string) => pres[Number(i)] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Author {
  name: string;
  email?: string;
}

interface Attachment {
  url: string;
  title: string;
  alt: string;
  caption: string;
}

const STATUS_WORDS = new Set(['publish', 'draft', 'pending', 'private', 'future']);

function postMeta(item: XmlElement): Map<string, string> {
  const meta = new Map<string, string>();
  for (const m of kids(item, 'wp', 'postmeta')) {
    const key = val(m, 'wp', 'meta_key');
    if (key && !meta.has(key)) meta.set(key, raw(m, 'wp', 'meta_value').trim());
  }
  return meta;
}

function readAuthors(channel: XmlElement): Map<string, Author> {
  const authors = new Map<string, Author>();
  for (const a of kids(channel, 'wp', 'author')) {
    const login = val(a, 'wp', 'author_login');
    if (!login) continue;
    const display = val(a, 'wp', 'author_display_name');
    const full = [val(a, 'wp', 'author_first_name'), val(a, 'wp', 'author_last_name')].filter(Boolean).join(' ');
    const email = val(a, 'wp', 'author_email');
    authors.set(login, { name: display || full || login, ...(email && { email }) });
  }
  return authors;
}

function readAttachments(items: XmlElement[]): Map<string, Attachment> {
  const out = new Map<string, Attachment>();
  for (const item of items) {
    if (val(item, 'wp', 'post_type') !== 'attachment') continue;
    const id = val(item, 'wp', 'post_id');
    const url = val(item, 'wp', 'attachment_url') || val(item, '', 'guid');
    if (!id || !url) continue;
    out.set(id, {
      url,
      title: htmlText(raw(item, '', 'title')),
      alt: postMeta(item).get('_wp_attachment_image_alt') ?? '',
      caption: htmlText(raw(item, 'excerpt', 'encoded')),
    });
  }
  return out;
}

function featureImage(att: Attachment, report: WireReport, what: string): Block | undefined {
  if (!/^(?:https?:\/\/|\/)/i.test(att.url)) {
    report.warnings.push(`the ${what} "${att.url.slice(0, 80)}" is not an http(s) URL; it was dropped`);
    return undefined;
  }
  let alt = att.alt.trim();
  if (!alt) {
    alt = att.title || att.caption || 'Image';
    report.warnings.push(`the ${what} has no alt text; used ${att.title ? 'its title' : att.caption ? 'its caption' : '"Image"'}`);
  }
  report.recognised.push(`${what}: ${att.url}`);
  return { type: 'image', src: att.url, alt: clip(alt, 500), ...(att.caption && { caption: clip(att.caption, 1000) }) };
}

interface Channel {
  authors: Map<string, Author>;
  attachments: Map<string, Attachment>;
  language: string;
  file: string;
  source?: string;
}

function readPost(item: XmlElement, ch: Channel): MigrationParseResult {
  const report = newReport('wxr');
  const id = val(item, 'wp', 'post_id');
  const title = htmlText(raw(item, '', 'title'));
  if (id) report.recognised.push(`wireId: wp:${id}`);

  // Status and dates
  const statusWord = val(item, 'wp', 'status').toLowerCase() || 'publish';
  report.recognised.push(`status: ${statusWord}`);
  if (!STATUS_WORDS.has(statusWord)) report.warnings.push(`wp:status "${statusWord}" is not a post status WordPress publishes; the post was read as a draft`);
  const status: MigrationParseResult['status'] = statusWord === 'publish' ? 'published' : 'draft';
  const gmt = val(item, 'wp', 'post_date_gmt');
  let publishedAt: string | null = null;
  if (/^0000-00-00/.test(gmt)) {
    const local = val(item, 'wp', 'post_date');
    if (status === 'published' && local && !/^0000/.test(local)) {
      publishedAt = looseInstant(local, 'wp:post_date', report.warnings) ?? null;
      report.warnings.push('wp:post_date_gmt is empty (0000-00-00) on a published post; the local wp:post_date was read as UTC');
    } else report.recognised.push('publishedAt: none (never published)');
  } else if (gmt) {
    publishedAt = looseInstant(gmt, 'wp:post_date_gmt', report.warnings) ?? null;
  } else {
    publishedAt = looseInstant(val(item, '', 'pubDate'), 'pubDate', report.warnings) ?? null;
  }
  if (publishedAt) report.recognised.push(`publishedAt: ${publishedAt}${statusWord === 'future' ? ' (scheduled)' : ''}`);

  // Byline
  const login = val(item, 'dc', 'creator');
  const author = login ? (ch.authors.get(login) ?? { name: login }) : undefined;
  const bylines: Byline[] = author?.name ? [{ name: clip(author.name, 200) }] : [];
  if (author) report.recognised.push(`byline: ${author.name}${author.name !== login ? ` (login ${login})` : ''}`);
  if (login && !ch.authors.has(login)) report.warnings.push(`the author "${login}" is not listed among the export's wp:author entries; the login was used as the name`);

  // Body
  const slots = new EmbedSlots();
  const html = wordpressHtml(raw(item, 'content', 'encoded'), slots, report.warnings);
  const converted = blocksFromHtml(html, slots);
  report.warnings.push(...converted.warnings);
  const body = converted.blocks;
  if (slots.list.length) report.recognised.push(`embeds: ${slots.list.map((e) => e.provider ?? e.url).join(', ')}`);

  const meta = postMeta(item);
  const thumbId = meta.get('_thumbnail_id');
  const ownUrl = val(item, 'wp', 'attachment_url');
  const thumb = thumbId ? ch.attachments.get(thumbId) : undefined;
  if (thumbId && !thumb) report.warnings.push(`the featured image (attachment ${thumbId}) is not in this export; it was left out`);
  const lead = thumb
    ? featureImage(thumb, report, 'featured image')
    : ownUrl
      ? featureImage({ url: ownUrl, title, alt: '', caption: '' }, report, 'attached image')
      : undefined;
  if (lead) body.unshift(lead);
  if (body.length && body.every((b) => b.type === 'image' || b.type === 'embed')) report.warnings.push('the post has no text; its body is only media');
  const comments = kids(item, 'wp', 'comment').length;
  if (comments) report.dropped.push(`${comments} reader comment${comments === 1 ? '' : 's'}`);

  // Headline
  let headline = title;
  if (headline) report.recognised.push('headline: title');
  else headline = headlineFromBody(body, report.warnings) ?? '';
  if (!headline) throw new PostSkipped('it has neither a title nor any text');

  // Categories and tags
  let section: string | undefined;
  const tagNames: string[] = [];
  const categoryTags: string[] = [];
  for (const cat of kids(item, '', 'category')) {
    const name = htmlText(cat.textContent ?? '');
    const domain = (attr(cat, 'domain') ?? 'category').toLowerCase();
    if (!name) continue;
    if (domain === 'post_tag') tagNames.push(name);
    else if (domain === 'category') {
      const mapped = sectionForName(name);
      if (mapped && !section) {
        section = mapped;
        report.recognised.push(`section: ${mapped} (category "${name}")`);
      } else if (/^uncategori[sz]ed$/i.test(name)) report.dropped.push(`category: ${name}`);
      else categoryTags.push(name);
    } else report.dropped.push(`${domain}: ${name}`);
  }
  const tags = tagList([...tagNames, ...categoryTags]);
  if (tags.length) report.recognised.push(`tags: ${tags.join(', ')}`);

  const standfirst = htmlText(raw(item, 'excerpt', 'encoded'));
  if (standfirst) report.recognised.push('standfirst: excerpt');
  const slug = cleanSlug(val(item, 'wp', 'post_name'), report);
  report.recognised.push(`language: ${ch.language}`);

  const draft: WireDraft = {
    headline,
    ...(standfirst && { standfirst }),
    dateline: null,
    bylines,
    body,
    keyPoints: [],
    tags,
    ...(section && { section }),
    publishedAt,
    ...(ch.source && { source: ch.source }),
    language: ch.language,
    ...(id && { wireId: `wp:${id}` }),
  };
  const article = finishDraft(draft, report, ch.file);
  if (article.body.length === 0) throw new PostSkipped('it has no content');
  return {
    article,
    report,
    status,
    ...(author?.email && { authorEmail: author.email }),
    ...(slug && { slug }),
  };
}

/**
 * Parses a WordPress export into one result per post (wp:post_type "post"). Pages, attachments, menu items and the
 * like are counted in the first result's report.dropped; posts that cannot be read are skipped with a warning there.
 * Throws an `invalid_wire_copy` AppError when the file is not a readable WXR export or holds no readable post.
 */
export function parseWxr(input: Buffer, opts: { fileName?: string } = {}): MigrationParseResult[] {
  const file = fileLabel(opts.fileName);
  return guard(file, 'WXR', () => {
    const { root, warnings } = parseExportXml(input, file);
    if (localName(root) !== 'rss') fail(file, `not a WordPress export: the root element is <${root.nodeName}>, not <rss>`);
    const channel = childElements(root, 'channel')[0];
    if (!channel) fail(file, 'not a WordPress export: <rss> has no <channel>');
    const items = kids(channel, '', 'item');
    const declaresWp = Array.from({ length: root.attributes.length }, (_, i) => root.attributes.item(i)?.value ?? '').some((v) => WP_NS.test(v));
    if (!declaresWp && !items.some((i) => kid(i, 'wp', 'post_type'))) fail(file, 'an RSS feed, not a WordPress export: the wordpress.org/export (wp:) namespace is missing');

    const language = normaliseLanguage(val(channel, '', 'language')) ?? 'en';
    const ch: Channel = { authors: readAuthors(channel), attachments: readAttachments(items), language, file, ...(opts.fileName && { source: opts.fileName }) };
    const fileWarnings = [...warnings];
    const skipped = new Map<string, number>();
    const results: MigrationParseResult[] = [];
    let posts = 0;
    for (const item of items) {
      const type = val(item, 'wp', 'post_type') || 'post';
      const statusWord = val(item, 'wp', 'status').toLowerCase();
      if (type !== 'post') {
        skipped.set(type, (skipped.get(type) ?? 0) + 1);
        continue;
      }
      if (statusWord === 'trash' || statusWord === 'auto-draft') {
        const kind = statusWord === 'trash' ? 'trashed post' : 'auto-draft';
        skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
        continue;
      }
      posts++;
      const label = postLabel(htmlText(raw(item, '', 'title')), `wp:${val(item, 'wp', 'post_id') || `item ${posts}`}`);
      try {
        results.push(readPost(item, ch));
      } catch (error) {
        // One unreadable post (or a bug it triggers) must not cost the rest of the site.
        fileWarnings.push(`post ${label} was skipped: ${reason(error, file)}`);
      }
    }
    const left = countLines(skipped);
    if (posts === 0) fail(file, `the export holds no posts${left.length ? ` (only ${left.join(', ')})` : ''}`);
    const first = results[0];
    if (!first) fail(file, `${posts === 1 ? 'its only post could not be read' : `none of its ${posts} posts could be read`}: ${fileWarnings.slice(-3).join('; ')}`);

    const seen = new Map<string, number>();
    for (const r of results) if (r.article.wireId) seen.set(r.article.wireId, (seen.get(r.article.wireId) ?? 0) + 1);
    for (const [wireId, n] of seen) if (n > 1) fileWarnings.push(`${n} posts share the id ${wireId}; their wireIds collide`);

    first.report.recognised.unshift(`${results.length} of ${posts} posts read from the export`);
    first.report.dropped.unshift(...left);
    first.report.warnings.unshift(...fileWarnings);
    return results;
  });
}
