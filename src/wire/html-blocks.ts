import { parseHTML } from './libs.js';
import type { Block, Mark } from '../domain/article.js';
import { isSafeHref } from '../domain/article.js';

/**
 * Turns an HTML or XHTML fragment (ninjs body_html, NewsML-G2 inlineXML, NITF body.content, a
 * readability extract, a WordPress post) into body blocks. Works on any W3C DOM (linkedom or
 * xmldom), so XML parsers can hand over their nodes.
 */

/** The slice of the DOM this module reads; linkedom's and xmldom's nodes both have it. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  textContent: string | null;
  getAttribute?: (name: string) => string | null;
}

export interface HtmlBlocksResult {
  blocks: Block[];
  warnings: string[];
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'form', 'button', 'input', 'select', 'nav', 'svg', 'head', 'title', 'meta', 'link']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hl1', 'hl2']);
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'body', 'html', 'body.content', 'block', 'span', 'header', 'footer', 'aside', 'center', 'font', 'body.head', 'hedline', 'abstract', 'content', 'inlinexml', 'caption-wrapper']);
const INLINE_EM = new Set(['em', 'i', 'cite']);
const INLINE_STRONG = new Set(['strong', 'b']);
const BLOCKS = new Set(['p', 'blockquote', 'ul', 'ol', 'figure', 'img', 'table', 'pre', 'hr', 'dl', ...HEADINGS, ...CONTAINERS]);

/** AFP's crosshead convention inside a paragraph: -'Urgent need'- or - Urgent need -. */
const CROSSHEAD_TEXT = /^-\s*['‘’"“”]?(.+?)['‘’"“”]?\s*-$/;

const name = (n: DomNode): string => {
  const raw = n.nodeName.toLowerCase();
  const colon = raw.indexOf(':');
  return colon >= 0 ? raw.slice(colon + 1) : raw;
};
const attr = (n: DomNode, a: string): string | null => n.getAttribute?.(a) ?? null;
const children = (n: DomNode): DomNode[] => Array.from(n.childNodes);

/** Collapses runs of white space as HTML does, keeping the characters themselves (quotes, dashes) as given. */
const collapse = (s: string): string => s.replace(/[ \t\n\r\f]+/g, ' ');

interface InlineRun {
  text: string;
  marks: Mark[];
}

function inline(node: DomNode, run: InlineRun): void {
  for (const child of children(node)) inlineNode(child, run);
}

/** Appends one inline node's text to the run, recording a mark for emphasis, strong and safe links. */
function inlineNode(node: DomNode, run: InlineRun): void {
  if (node.nodeType === TEXT || node.nodeType === CDATA) {
    run.text += collapse(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT) return;
  const tag = name(node);
  if (SKIP.has(tag)) return;
  if (tag === 'br') {
    run.text += ' ';
    return;
  }
  const start = run.text.length;
  inline(node, run);
  const end = run.text.length;
  if (end <= start) return;
  if (INLINE_EM.has(tag)) run.marks.push({ kind: 'em', start, end });
  else if (INLINE_STRONG.has(tag)) run.marks.push({ kind: 'strong', start, end });
  else if (tag === 'a') {
    const href = attr(node, 'href');
    if (href && isSafeHref(href)) run.marks.push({ kind: 'link', start, end, href: href.trim() });
  }
}

/** Trims a run's text and shifts its marks to match, dropping marks that fall outside. */
function finish(run: InlineRun): { text: string; marks?: Mark[] } {
  const lead = run.text.length - run.text.trimStart().length;
  const text = run.text.trim();
  const marks = run.marks
    .map((m) => ({ ...m, start: Math.max(0, m.start - lead), end: Math.min(text.length, m.end - lead) }))
    .filter((m) => m.end > m.start);
  return marks.length ? { text, marks } : { text };
}

function inlineOf(node: DomNode): { text: string; marks?: Mark[] } {
  const run: InlineRun = { text: '', marks: [] };
  inline(node, run);
  return finish(run);
}

const hasBlockChild = (n: DomNode): boolean =>
  children(n).some((c) => c.nodeType === ELEMENT && BLOCKS.has(name(c)) && name(c) !== 'span' && name(c) !== 'font');

function imageBlock(img: DomNode, caption: string | undefined, credit: string | undefined, warnings: string[]): Block | undefined {
  const raw = attr(img, 'src') ?? attr(img, 'data-src') ?? attr(img, 'href') ?? attr(img, 'source');
  const src = raw?.startsWith('//') ? `https:${raw}` : raw;
  if (!src || !/^(https?:\/\/|\/)/i.test(src)) {
    if (src) warnings.push(`image dropped: its source "${src.slice(0, 80)}" is not an http(s) or site path`);
    return undefined;
  }
  let alt = (attr(img, 'alt') ?? '').trim();
  if (!alt) {
    alt = caption?.trim() || 'Image';
    warnings.push(`image ${src.slice(0, 80)} had no alt text; used ${caption ? 'its caption' : '"Image"'}`);
  }
  const width = Number(attr(img, 'width'));
  const height = Number(attr(img, 'height'));
  return {
    type: 'image',
    src,
    alt: alt.slice(0, 500),
    ...(caption && { caption: caption.slice(0, 1000) }),
    ...(credit && { credit: credit.slice(0, 300) }),
    ...(Number.isInteger(width) && width > 0 && { width }),
    ...(Number.isInteger(height) && height > 0 && { height }),
  };
}

function findFirst(n: DomNode, tags: Set<string>): DomNode | undefined {
  for (const c of children(n)) {
    if (c.nodeType !== ELEMENT) continue;
    if (tags.has(name(c))) return c;
    const deep = findFirst(c, tags);
    if (deep) return deep;
  }
  return undefined;
}

function walk(node: DomNode, out: Block[], warnings: string[]): void {
  let loose: InlineRun = { text: '', marks: [] };
  const flushLoose = () => {
    const p = finish(loose);
    if (p.text) pushParagraph(out, p);
    loose = { text: '', marks: [] };
  };
  for (const child of children(node)) {
    if (child.nodeType === TEXT || child.nodeType === CDATA) {
      loose.text += collapse(child.nodeValue ?? '');
      continue;
    }
    if (child.nodeType !== ELEMENT) continue;
    const tag = name(child);
    if (SKIP.has(tag)) continue;
    if (!BLOCKS.has(tag) || ((tag === 'span' || tag === 'font') && !hasBlockChild(child))) {
      // Inline element between blocks: part of a loose paragraph.
      inlineNode(child, loose);
      continue;
    }
    flushLoose();
    if (HEADINGS.has(tag)) {
      const text = collapse(child.textContent ?? '').trim();
      // A "heading" longer than a crosshead can be is really a paragraph marked up as one.
      if (text.length > 300) pushParagraph(out, inlineOf(child));
      else if (text) out.push({ type: 'crosshead', text });
    } else if (tag === 'p' || tag === 'pre') {
      if (hasBlockChild(child)) walk(child, out, warnings);
      else {
        const p = inlineOf(child);
        if (p.text) pushParagraph(out, p);
      }
    } else if (tag === 'blockquote') {
      const citeNode = findFirst(child, new Set(['footer', 'cite', 'figcaption']));
      const attribution = citeNode ? collapse(citeNode.textContent ?? '').replace(/^[—–-]\s*/, '').trim() : undefined;
      const paras: Block[] = [];
      walk(child, paras, warnings);
      const text = paras
        .filter((b): b is Extract<Block, { type: 'paragraph' }> => b.type === 'paragraph')
        .map((b) => b.text)
        .filter((t) => t.replace(/^[—–-]\s*/, '') !== attribution)
        .join('\n\n');
      if (text) out.push({ type: 'blockquote', text, ...(attribution && { attribution }) });
    } else if (tag === 'ul' || tag === 'ol') {
      const items = children(child)
        .filter((c) => c.nodeType === ELEMENT && name(c) === 'li')
        .map(inlineOf)
        .filter((i) => i.text);
      if (items.length) out.push({ type: 'list', ordered: tag === 'ol', items: items.slice(0, 200) });
    } else if (tag === 'figure' || tag === 'img') {
      const img = tag === 'img' ? child : findFirst(child, new Set(['img']));
      const captionNode = tag === 'figure' ? findFirst(child, new Set(['figcaption'])) : undefined;
      const creditNode = captionNode && findFirst(captionNode, new Set(['small', 'cite']));
      const credit = creditNode ? collapse(creditNode.textContent ?? '').trim() : undefined;
      let caption = captionNode ? collapse(captionNode.textContent ?? '').trim() : undefined;
      if (caption && credit) caption = caption.replace(credit, '').trim();
      const image = img && imageBlock(img, caption || undefined, credit || undefined, warnings);
      if (image) out.push(image);
      else if (tag === 'figure') walk(child, out, warnings);
    } else if (tag === 'table') {
      warnings.push('a table was dropped: the article model has no table block');
    } else if (tag === 'hr') {
      // A rule ends nothing in a body; skipped.
    } else {
      walk(child, out, warnings);
    }
  }
  flushLoose();
}

function pushParagraph(out: Block[], p: { text: string; marks?: Mark[] }): void {
  const crosshead = CROSSHEAD_TEXT.exec(p.text);
  if (crosshead?.[1] && crosshead[1].length <= 150 && !p.marks) {
    out.push({ type: 'crosshead', text: crosshead[1].trim() });
    return;
  }
  out.push({ type: 'paragraph', ...p });
}

/** Converts a parsed DOM node's children into blocks. */
export function domToBlocks(root: DomNode): HtmlBlocksResult {
  const blocks: Block[] = [];
  const warnings: string[] = [];
  walk(root, blocks, warnings);
  return { blocks, warnings };
}

/** Parses an HTML fragment string and converts it into blocks. */
export function htmlToBlocks(html: string): HtmlBlocksResult {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  return domToBlocks(document.body as unknown as DomNode);
}
