import type { Block, Byline } from '../domain/article.js';
import type { WireDraft, WireReport } from './types.js';
import {
  EmbedSlots,
  PostSkipped,
  blocksFromHtml,
  checkSize,
  cleanSlug,
  countLines,
  escapeHtml,
  headlineFromBody,
  htmlText,
  looseInstant,
  postLabel,
  reason,
  sectionForName,
  type MigrationParseResult,
} from './wxr.js';
import { clip, fail, fileLabel, finishDraft, guard, newReport, normaliseLanguage, plainTextBlocks, tagList, type Position } from './xml.js';

/**
 * Ghost's JSON export (Labs → Export content), from Ghost 0.x/1.x to 5.x: { db: [ { meta, data: { posts, users, tags,
 * posts_tags, posts_authors, posts_meta, settings } } ] }, or the same object without the `db` wrapper. Each post
 * becomes one article draft; its body comes from the rendered `html` when the export has it, else (best-effort) from
 * the `lexical` (Ghost 5) or `mobiledoc` (Ghost 1–4) source.
 */

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter(isRow) : []);
/** A field as trimmed text: strings as they are, numbers as digits, anything else ''. */
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

// ---------------------------------------------------------------------------------------------
// Sniffing

/** A Ghost export: a JSON object that opens with { "db": [ { "meta" | "data" … or a meta block with "exported_on". */
export function isGhostExport(input: Buffer): boolean {
  if (!(input instanceof Uint8Array) || input.length === 0) return false;
  const head = Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, 65536)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return false;
  if (/^\{\s*"db"\s*:\s*\[\s*\{\s*"(?:meta|data)"\s*:/.test(head)) return true;
  if (/"meta"\s*:\s*\{[^{}]{0,500}"exported_on"\s*:/.test(head)) return true;
  return /"data"\s*:\s*\{/.test(head) && /"posts"\s*:\s*\[/.test(head) && /"(?:mobiledoc|lexical|posts_tags|posts_authors)"\s*:/.test(head);
}

// ---------------------------------------------------------------------------------------------
// Reading the JSON

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function readJson(input: Buffer, file: string): unknown {
  const bytes = checkSize(input, file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const lossy = bytes.toString('utf8');
    const bad = lossy.indexOf('\uFFFD');
    fail(file, 'not UTF-8: a Ghost export is a UTF-8 JSON file (is it ISO-8859-1 / Windows-1252?)', bad >= 0 ? positionOf(lossy, bad) : {});
  }
  if (text.trim() === '') fail(file, 'the file holds only white space, no JSON');
  const start = text.search(/\S/);
  if (text[start] !== '{') {
    const what = text[start] === '<' ? ' (it looks like XML or HTML)' : text[start] === '[' ? ' (a JSON array, not an export object)' : '';
    fail(file, `not valid JSON for a Ghost export: it starts with "${text.slice(start, start + 20)}"${what}`, positionOf(text, start));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    if (/end of JSON input/i.test(message)) fail(file, 'not valid JSON: the file ends in the middle of a value (it looks truncated)', positionOf(text, text.length));
    const offset = at ? Number(at[1]) : undefined;
    const truncated = offset !== undefined && offset >= text.trimEnd().length - 1 ? ' (the file looks truncated)' : '';
    fail(file, `not valid JSON: ${message.replace(/\s+/g, ' ').slice(0, 200)}${truncated}`, offset === undefined ? {} : positionOf(text, offset));
  }
}

interface Export {
  data: Row;
  version?: string;
}

function findExport(json: unknown, file: string): Export {
  if (!isRow(json)) fail(file, 'not a Ghost export: the JSON is not an object with a "db" or "data" key');
  let db: unknown = json;
  if (Array.isArray(json.db)) {
    db = json.db.find((entry) => isRow(entry) && isRow(entry.data));
    if (!db) fail(file, 'not a Ghost export: "db" holds no entry with a "data" object');
  } else if (isRow(json.db)) db = json.db;
  if (!isRow(db) || !isRow(db.data)) fail(file, 'not a Ghost export: expected { "db": [ { "meta": …, "data": { "posts": […] } } ] } or { "meta": …, "data": … }');
  if (!('posts' in db.data)) fail(file, 'not a Ghost export: data.posts is missing');
  if (!Array.isArray(db.data.posts)) fail(file, 'not a Ghost export: data.posts is not an array');
  const version = isRow(db.meta) ? str(db.meta.version) : '';
  return { data: db.data, ...(version && { version }) };
}

/** Join-table rows (posts_tags, posts_authors) by post id, in sort_order (then file order). */
function joins(table: unknown, key: string): Map<string, string[]> {
  const byPost = new Map<string, { id: string; order: number; index: number }[]>();
  rows(table).forEach((row, index) => {
    const post = str(row.post_id);
    const id = str(row[key]);
    if (!post || !id) return;
    const order = typeof row.sort_order === 'number' ? row.sort_order : 0;
    const list = byPost.get(post) ?? [];
    list.push({ id, order, index });
    byPost.set(post, list);
  });
  return new Map([...byPost].map(([post, list]) => [post, list.sort((a, b) => a.order - b.order || a.index - b.index).map((x) => x.id)]));
}

const byId = (table: unknown): Map<string, Row> => new Map(rows(table).flatMap((r) => (str(r.id) ? [[str(r.id), r] as [string, Row]] : [])));

// ---------------------------------------------------------------------------------------------
// Bodies: markdown, mobiledoc and lexical to HTML, then the shared HTML-to-blocks converter

const attrEsc = (s: string): string => escapeHtml(s).replace(/'/g, '&#39;');

function figureHtml(src: unknown, alt: unknown, caption: unknown, width?: unknown, height?: unknown): string {
  const s = str(src);
  if (!s) return '';
  const size = [typeof width === 'number' ? ` width="${width}"` : '', typeof height === 'number' ? ` height="${height}"` : ''].join('');
  const cap = str(caption);
  return `<figure><img src="${attrEsc(s)}" alt="${attrEsc(str(alt))}"${size}>${cap ? `<figcaption>${cap}</figcaption>` : ''}</figure>`;
}

/** Markdown inline syntax to HTML; raw HTML passes through, as markdown allows. */
function markdownInline(s: string): string {
  const codes: string[] = [];
  let t = s.replace(/`([^`]+)`/g, (_m, code: string) => `\uE006${codes.push(code) - 1}\uE007`);
  t = t.replace(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, alt: string, src: string) => `<img src="${attrEsc(src)}" alt="${attrEsc(alt)}">`);
  t = t.replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, href: string) => `<a href="${attrEsc(href)}">${label}</a>`);
  t = t.replace(/<(https?:\/\/[^\s>]+)>/g, (_m, href: string) => `<a href="${attrEsc(href)}">${href}</a>`);
  t = t.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>');
  t = t.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, '$1<em>$2</em>');
  t = t.replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  t = t.replace(/ {2,}\n|\\\n/g, '<br>').replace(/\n/g, ' ');
  return t.replace(/\uE006(\d+)\uE007/g, (_m, i: string) => `<code>${escapeHtml(codes[Number(i)] ?? '')}</code>`);
}

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const HTML_BLOCK = /^\s{0,3}<\/?(?:p|div|figure|blockquote|ul|ol|li|h[1-6]|table|pre|iframe|hr|section|aside|img|video|audio|script)\b/i;

/** A small CommonMark subset: headings, paragraphs, quotes, lists, fenced code, rules, images, links, emphasis, raw HTML. */
export function markdownToHtml(md: string): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';
  while (i < lines.length) {
    const line = lines[i] as string;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = /^\s{0,3}(```|~~~)/.exec(line);
    if (fence?.[1]) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).trim().startsWith(fence[1]); i++) body.push(lines[i] as string);
      i++;
      out.push(`<pre>${escapeHtml(body.join('\n'))}</pre>`);
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading?.[1]) {
      out.push(`<h${heading[1].length}>${markdownInline(heading[2] ?? '')}</h${heading[1].length}>`);
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) {
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && !blank(lines[i]) && (/^\s{0,3}>/.test(lines[i] as string) || quoted.length); i++) quoted.push((lines[i] as string).replace(/^\s{0,3}> ?/, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'))}</blockquote>`);
      continue;
    }
    const first = LIST_ITEM.exec(line);
    if (first?.[1]) {
      const ordered = /\d/.test(first[1]);
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] as string;
        const item = LIST_ITEM.exec(l);
        if (item) items.push(item[2] ?? '');
        else if (!blank(l) && items.length) items[items.length - 1] += `\n${l.trim()}`;
        else if (blank(l) && LIST_ITEM.test(lines[i + 1] ?? '')) {
          // A loose list: a blank line between items.
        } else break;
        i++;
      }
      out.push(`<${ordered ? 'ol' : 'ul'}>${items.map((it) => `<li>${markdownInline(it)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`);
      continue;
    }
    const para: string[] = [];
    const isHtml = HTML_BLOCK.test(line);
    for (; i < lines.length && !blank(lines[i]); i++) {
      const l = lines[i] as string;
      if (para.length && !isHtml && (/^\s{0,3}(#{1,6}\s|```|~~~|>)/.test(l) || HTML_BLOCK.test(l))) break;
      para.push(l);
    }
    out.push(isHtml ? para.join('\n') : `<p>${markdownInline(para.join('\n'))}</p>`);
  }
  return out.join('\n');
}

/** Cards both editors share, by name and payload. */
function cardHtml(name: string, payload: Row, slots: EmbedSlots, dropped: Map<string, number>): string {
  const metaTitle = isRow(payload.metadata) ? str(payload.metadata.title) : '';
  switch (name) {
    case 'markdown':
    case 'card-markdown':
      return markdownToHtml(str(payload.markdown));
    case 'html':
      return str(payload.html);
    case 'image':
      return figureHtml(payload.src, payload.alt ?? payload.altText, payload.caption, payload.width, payload.height);
    case 'gallery':
      return rows(payload.images)
        .map((img, i, all) => figureHtml(img.src, img.alt, str(img.caption) || (i === all.length - 1 ? payload.caption : ''), img.width, img.height))
        .join('');
    case 'embed':
    case 'bookmark': {
      const html = slots.html(str(payload.url), metaTitle || undefined);
      if (html) return html;
      dropped.set(`${name} card without an http(s) URL`, (dropped.get(`${name} card without an http(s) URL`) ?? 0) + 1);
      return '';
    }
    case 'code':
    case 'codeblock':
      return `<pre>${escapeHtml(str(payload.code))}</pre>`;
    case 'hr':
    case 'horizontalrule':
      return '';
    case 'callout':
      return `<p>${str(payload.calloutText)}</p>`;
    case 'toggle':
      return `<h3>${str(payload.heading)}</h3><div>${str(payload.content)}</div>`;
    default:
      dropped.set(`${name} card`, (dropped.get(`${name} card`) ?? 0) + 1);
      return '';
  }
}

const MARKUP_TAGS = new Set(['a', 'b', 'strong', 'em', 'i', 'u', 's', 'code', 'sup', 'sub']);
const SECTION_TAGS: Record<string, string> = { p: 'p', h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6', blockquote: 'blockquote', aside: 'blockquote', 'pull-quote': 'blockquote' };

/** Mobiledoc (0.2 and 0.3): markup, image, list and card sections to HTML. */
export function mobiledocToHtml(doc: unknown, slots: EmbedSlots, dropped: Map<string, number>): string {
  if (!isRow(doc) || !Array.isArray(doc.sections)) throw new PostSkipped('its mobiledoc has no sections');
  const v02 = str(doc.version).startsWith('0.2');
  const markups = Array.isArray(doc.markups) ? doc.markups : [];
  const atoms = Array.isArray(doc.atoms) ? doc.atoms : [];
  const cards = Array.isArray(doc.cards) ? doc.cards : [];

  const markers = (list: unknown): string => {
    if (!Array.isArray(list)) return '';
    let html = '';
    const open: string[] = [];
    for (const m of list) {
      if (!Array.isArray(m)) continue;
      const [type, opens, closes, value] = v02 ? [0, m[0], m[1], m[2]] : m;
      for (const idx of Array.isArray(opens) ? opens : []) {
        const markup = typeof idx === 'number' ? markups[idx] : undefined;
        const tag = Array.isArray(markup) ? str(markup[0]).toLowerCase() : '';
        const safe = MARKUP_TAGS.has(tag) ? tag : 'span';
        const attrs = Array.isArray(markup) && Array.isArray(markup[1]) ? (markup[1] as unknown[]) : [];
        const hrefAt = attrs.findIndex((a, k) => k % 2 === 0 && a === 'href');
        const href = safe === 'a' && hrefAt >= 0 ? ` href="${attrEsc(str(attrs[hrefAt + 1]))}"` : '';
        html += `<${safe}${href}>`;
        open.push(safe);
      }
      if (type === 1) {
        const atom = typeof value === 'number' ? atoms[value] : undefined;
        html += Array.isArray(atom) ? (atom[0] === 'soft-return' ? '<br>' : escapeHtml(str(atom[1]))) : '';
      } else html += escapeHtml(typeof value === 'string' ? value : '');
      for (let k = 0; k < (typeof closes === 'number' ? closes : 0) && open.length; k++) html += `</${open.pop() as string}>`;
    }
    while (open.length) html += `</${open.pop() as string}>`;
    return html;
  };

  return doc.sections
    .map((section): string => {
      if (!Array.isArray(section)) return '';
      switch (section[0]) {
        case 1: {
          const tag = SECTION_TAGS[str(section[1]).toLowerCase()] ?? 'p';
          return `<${tag}>${markers(section[2])}</${tag}>`;
        }
        case 2:
          return figureHtml(section[1], '', '');
        case 3: {
          const tag = str(section[1]).toLowerCase() === 'ol' ? 'ol' : 'ul';
          const items = Array.isArray(section[2]) ? section[2] : [];
          return `<${tag}>${items.map((item) => `<li>${markers(item)}</li>`).join('')}</${tag}>`;
        }
        case 10: {
          const card = typeof section[1] === 'number' ? cards[section[1]] : [section[1], section[2]];
          if (!Array.isArray(card)) return '';
          return cardHtml(str(card[0]), isRow(card[1]) ? card[1] : {}, slots, dropped);
        }
        default:
          return '';
      }
    })
    .join('\n');
}

const FORMAT_TAGS: [number, string][] = [
  [16, 'code'],
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [32, 'sub'],
  [64, 'sup'],
];

/** Lexical (Ghost 5): paragraph, heading, quote, list, image and card nodes to HTML. */
export function lexicalToHtml(doc: unknown, slots: EmbedSlots, dropped: Map<string, number>): string {
  if (!isRow(doc) || !isRow(doc.root)) throw new PostSkipped('its lexical document has no root');
  const inline = (nodes: unknown): string =>
    rows(nodes)
      .map((n): string => {
        const type = str(n.type);
        if (type === 'text' || type === 'extended-text') {
          const format = typeof n.format === 'number' ? n.format : 0;
          let html = escapeHtml(typeof n.text === 'string' ? n.text : '');
          for (const [bit, tag] of FORMAT_TAGS) if (format & bit) html = `<${tag}>${html}</${tag}>`;
          return html;
        }
        if (type === 'link' || type === 'autolink') return `<a href="${attrEsc(str(n.url))}">${inline(n.children)}</a>`;
        if (type === 'linebreak') return '<br>';
        if (type === 'tab') return ' ';
        return Array.isArray(n.children) ? inline(n.children) : escapeHtml(str(n.text));
      })
      .join('');
  const listItems = (list: Row): string =>
    rows(list.children)
      .map((li) => {
        const nested = rows(li.children).filter((c) => c.type === 'list');
        const own = rows(li.children).filter((c) => c.type !== 'list');
        return `${own.length ? `<li>${inline(own)}</li>` : ''}${nested.map(listItems).join('')}`;
      })
      .join('');
  const block = (n: Row): string => {
    const type = str(n.type);
    switch (type) {
      case 'paragraph':
        return `<p>${inline(n.children)}</p>`;
      case 'heading':
      case 'extended-heading': {
        const tag = /^h[1-6]$/.test(str(n.tag)) ? str(n.tag) : 'h2';
        return `<${tag}>${inline(n.children)}</${tag}>`;
      }
      case 'quote':
      case 'extended-quote':
      case 'aside':
        return `<blockquote>${inline(n.children)}</blockquote>`;
      case 'list': {
        const tag = n.listType === 'number' ? 'ol' : 'ul';
        return `<${tag}>${listItems(n)}</${tag}>`;
      }
      case 'text':
      case 'extended-text':
      case 'link':
      case 'linebreak':
        return `<p>${inline([n])}</p>`;
      default:
        return cardHtml(type, n, slots, dropped);
    }
  };
  return rows(doc.root.children).map(block).join('\n');
}

function parseSource(value: unknown, what: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new PostSkipped(`its ${what} is not valid JSON`);
  }
}

const present = (v: unknown): boolean => (typeof v === 'string' ? v.trim() !== '' : isRow(v));

/** The post's body blocks from html, else lexical, else mobiledoc, else plaintext. */
function postBody(post: Row, report: WireReport): Block[] {
  const slots = new EmbedSlots();
  const dropped = new Map<string, number>();
  const unGhost = (s: string): string => s.replace(/__GHOST_URL__/g, '');
  let html: string;
  if (present(post.html)) {
    html = str(post.html);
    report.recognised.push('body source: html');
  } else if (present(post.lexical)) {
    html = lexicalToHtml(parseSource(post.lexical, 'lexical'), slots, dropped);
    report.recognised.push('body source: lexical');
    report.warnings.push('the post has no html; its body was rebuilt from its lexical source (best-effort)');
  } else if (present(post.mobiledoc)) {
    html = mobiledocToHtml(parseSource(post.mobiledoc, 'mobiledoc'), slots, dropped);
    report.recognised.push('body source: mobiledoc');
    report.warnings.push('the post has no html; its body was rebuilt from its mobiledoc source (best-effort)');
  } else if (present(post.plaintext)) {
    report.warnings.push('the post has only plain text; its paragraphs were read from blank lines');
    return plainTextBlocks(str(post.plaintext)).blocks;
  } else return [];
  for (const [what, n] of dropped) report.warnings.push(`${n > 1 ? `${n} ${what}s were` : `a ${what} was`} dropped`);
  if (html.includes('__GHOST_URL__')) report.recognised.push('__GHOST_URL__ links and images made site-relative');
  const converted = blocksFromHtml(unGhost(html), slots);
  report.warnings.push(...converted.warnings);
  if (slots.list.length) report.recognised.push(`embeds: ${slots.list.map((e) => e.provider ?? e.url).join(', ')}`);
  return converted.blocks;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Tables {
  users: Map<string, Row>;
  tags: Map<string, Row>;
  postTags: Map<string, string[]>;
  postAuthors: Map<string, string[]>;
  postsMeta: Map<string, Row>;
  language: string;
  file: string;
  source?: string;
}

function siteLanguage(data: Row): string | undefined {
  for (const s of rows(data.settings)) {
    if (s.key === 'locale' || s.key === 'lang') {
      const lang = normaliseLanguage(str(s.value));
      if (lang) return lang;
    }
  }
  return undefined;
}

function readPost(post: Row, t: Tables): MigrationParseResult {
  const report = newReport('ghost');
  const id = str(post.id);
  const meta = t.postsMeta.get(id) ?? {};
  report.recognised.push(`wireId: ghost:${id}`);
  const uuid = str(post.uuid);
  if (uuid) report.recognised.push(`uuid: ${uuid}`);

  const statusWord = str(post.status).toLowerCase() || 'draft';
  report.recognised.push(`status: ${statusWord}`);
  const status: MigrationParseResult['status'] = statusWord === 'published' ? 'published' : 'draft';
  let publishedAt: string | null = null;
  if (status === 'published') {
    publishedAt = looseInstant(post.published_at, 'published_at', report.warnings) ?? null;
    if (!publishedAt) report.warnings.push('a published post without a readable published_at; publishedAt left empty');
  } else if (statusWord === 'scheduled') {
    const at = looseInstant(post.published_at, 'published_at', report.warnings);
    if (at) report.recognised.push(`scheduled for ${at}`);
  }
  if (publishedAt) report.recognised.push(`publishedAt: ${publishedAt}`);
  const visibility = str(post.visibility);
  if (visibility && visibility !== 'public') report.recognised.push(`visibility: ${visibility} (members-only on Ghost)`);

  // Authors
  const authorIds = t.postAuthors.get(id) ?? (str(post.author_id) ? [str(post.author_id)] : []);
  const authors = authorIds.map((a) => t.users.get(a)).filter((u): u is Row => !!u && !!str(u.name));
  for (const missing of authorIds.filter((a) => !t.users.get(a))) report.warnings.push(`the author ${missing} is not among the export's users`);
  const bylines: Byline[] = authors.slice(0, 20).map((u) => ({ name: clip(str(u.name), 200) }));
  if (bylines.length) report.recognised.push(`bylines: ${bylines.map((b) => b.name).join(', ')}`);
  const authorEmail = authors[0] ? str(authors[0].email) : '';

  // Tags: the primary (first public) tag may name the section
  const tagNames: string[] = [];
  for (const tagId of t.postTags.get(id) ?? []) {
    const tag = t.tags.get(tagId);
    const name = tag ? str(tag.name) : '';
    if (!name) continue;
    if (name.startsWith('#') || tag?.visibility === 'internal') report.dropped.push(`internal tag: ${name}`);
    else tagNames.push(name);
  }
  const section = tagNames[0] ? sectionForName(tagNames[0]) : undefined;
  if (section) report.recognised.push(`section: ${section} (primary tag "${tagNames[0] as string}")`);
  const tags = tagList(section ? tagNames.slice(1) : tagNames);
  if (tags.length) report.recognised.push(`tags: ${tags.join(', ')}`);

  // Body, with the feature image first
  const body = postBody(post, report);
  const featureSrc = str(post.feature_image ?? meta.feature_image).replace(/__GHOST_URL__/g, '');
  if (featureSrc) {
    const caption = htmlText(str(post.feature_image_caption ?? meta.feature_image_caption));
    let alt = str(post.feature_image_alt ?? meta.feature_image_alt);
    if (!alt) {
      alt = caption || 'Image';
      report.warnings.push(`the feature image has no alt text; used ${caption ? 'its caption' : '"Image"'}`);
    }
    if (/^(?:https?:\/\/|\/)/i.test(featureSrc)) {
      body.unshift({ type: 'image', src: featureSrc, alt: clip(alt, 500), ...(caption && { caption: clip(caption, 1000) }) });
      report.recognised.push(`feature image: ${featureSrc}`);
    } else report.warnings.push(`the feature image "${featureSrc.slice(0, 80)}" is not an http(s) URL or site path; it was dropped`);
  }

  const title = htmlText(str(post.title));
  let headline = title;
  if (headline) report.recognised.push('headline: title');
  else headline = headlineFromBody(body, report.warnings) ?? '';
  if (!headline) throw new PostSkipped('it has neither a title nor any text');

  const standfirst = htmlText(str(post.custom_excerpt));
  if (standfirst) report.recognised.push('standfirst: custom_excerpt');
  const slug = cleanSlug(str(post.slug), report);
  const language = normaliseLanguage(str(post.locale) || str(post.language)) ?? t.language;
  report.recognised.push(`language: ${language}`);

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
    ...(t.source && { source: t.source }),
    language,
    wireId: `ghost:${id}`,
  };
  const article = finishDraft(draft, report, t.file);
  if (article.body.length === 0) throw new PostSkipped('it has no content');
  return { article, report, status, ...(authorEmail && { authorEmail }), ...(slug && { slug }) };
}

/**
 * Parses a Ghost JSON export into one result per post (type "post"; pages are counted in the first result's
 * report.dropped). A post that cannot be read is skipped with a warning in the first result's report.warnings.
 * Throws an `invalid_wire_copy` AppError when the file is not valid JSON, not a Ghost export, or holds no readable post.
 */
export function parseGhostExport(input: Buffer, opts: { fileName?: string } = {}): MigrationParseResult[] {
  const file = fileLabel(opts.fileName);
  return guard(file, 'Ghost', () => {
    const { data, version } = findExport(readJson(input, file), file);
    const t: Tables = {
      users: byId(data.users),
      tags: byId(data.tags),
      postTags: joins(data.posts_tags, 'tag_id'),
      postAuthors: joins(data.posts_authors, 'author_id'),
      postsMeta: new Map(rows(data.posts_meta).map((m) => [str(m.post_id), m])),
      language: siteLanguage(data) ?? 'en',
      file,
      ...(opts.fileName && { source: opts.fileName }),
    };
    const fileWarnings: string[] = [];
    const skipped = new Map<string, number>();
    const results: MigrationParseResult[] = [];
    let posts = 0;
    (data.posts as unknown[]).forEach((post, index) => {
      if (!isRow(post)) {
        fileWarnings.push(`data.posts[${index}] is not an object; it was skipped`);
        return;
      }
      const type = str(post.type) || (post.page === true || post.page === 1 ? 'page' : 'post');
      if (type !== 'post') {
        skipped.set(type, (skipped.get(type) ?? 0) + 1);
        return;
      }
      posts++;
      const label = postLabel(htmlText(str(post.title)), str(post.id) ? `ghost:${str(post.id)}` : `data.posts[${index}]`);
      try {
        if (!str(post.id)) throw new PostSkipped('it has no id');
        results.push(readPost(post, t));
      } catch (error) {
        fileWarnings.push(`post ${label} was skipped: ${reason(error, file)}`);
      }
    });
    const left = countLines(skipped);
    if (posts === 0) fail(file, `the export holds no posts${left.length ? ` (only ${left.join(', ')})` : ''}`);
    const first = results[0];
    if (!first) fail(file, `${posts === 1 ? 'its only post could not be read' : `none of its ${posts} posts could be read`}: ${fileWarnings.slice(-3).join('; ')}`);
    first.report.recognised.unshift(`${results.length} of ${posts} posts read from the export${version ? ` (Ghost ${version})` : ''}`);
    first.report.dropped.unshift(...left);
    first.report.warnings.unshift(...fileWarnings);
    return results;
  });
}
