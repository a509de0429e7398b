import type { JSONContent } from '@tiptap/core';
import { isSafeHref, type Block, type Mark } from '../../../domain/article.js';

/**
 * Converts between the article model's body blocks and the rich-text editor's document (Tiptap /
 * ProseMirror JSON). Pure: no DOM, no editor instance, so it runs in node tests as in the browser.
 *
 * The editor schema (see nodes.ts):
 *   paragraph (inline: text with bold/italic/link marks, hardBreak)   ↔ paragraph
 *   heading {level: 2} (plain text)                                     ↔ crosshead
 *   pullQuote {attribution} (inline)                                    ↔ blockquote
 *   bulletList | orderedList > listItem > paragraph                     ↔ list
 *   figureImage {src, alt, caption, credit, width, height, mediaId}     ↔ image (atom)
 *   embed {url, provider, title}                                        ↔ embed (atom)
 *
 * Marks: our ranges over the block's plain text (UTF-16 units, end exclusive) become text nodes
 * carrying ProseMirror marks, and back: adjacent text with the same mark (same href for links)
 * merges into one range; ranges come out sorted by start, then em, strong, link. Nothing here
 * produces or accepts HTML.
 */

type Inline = { text: string; marks?: Mark[] };

const KIND_ORDER: Record<Mark['kind'], number> = { em: 0, strong: 1, link: 2 };
const PM_MARK: Record<Mark['kind'], string> = { em: 'italic', strong: 'bold', link: 'link' };
/** ProseMirror mark names we understand, mapped to our kinds (aliases cover pasted/legacy names). */
const OUR_KIND: Record<string, Mark['kind']> = { italic: 'em', em: 'em', bold: 'strong', strong: 'strong', link: 'link' };

/** Sorts marks by start, then kind (em, strong, link), then end: the stored, comparable order. */
export function sortMarks(marks: readonly Mark[]): Mark[] {
  return [...marks].sort((a, b) => a.start - b.start || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.end - b.end);
}

// ─── blocks → doc ─────────────────────────────────────────────────────────────

export function blocksToDoc(blocks: readonly Block[]): JSONContent {
  const content = blocks.flatMap((b) => blockToNodes(b));
  // ProseMirror's doc needs at least one block; an empty body is one empty paragraph.
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

function blockToNodes(block: Block): JSONContent[] {
  switch (block.type) {
    case 'paragraph':
      return [withContent({ type: 'paragraph' }, inlineToNodes(block.text, block.marks))];
    case 'crosshead':
      return [withContent({ type: 'heading', attrs: { level: 2 } }, plainText(block.text))];
    case 'blockquote':
      return [
        withContent(
          { type: 'pullQuote', attrs: { attribution: nonEmpty(block.attribution) ?? null } },
          inlineToNodes(block.text, block.marks),
        ),
      ];
    case 'list': {
      const items = block.items.map((item) => ({
        type: 'listItem',
        content: [withContent({ type: 'paragraph' }, inlineToNodes(item.text, item.marks))],
      }));
      if (!items.length) return [];
      return [{ type: block.ordered ? 'orderedList' : 'bulletList', content: items }];
    }
    case 'image':
      return [
        {
          type: 'figureImage',
          attrs: {
            src: block.src,
            alt: block.alt,
            caption: nonEmpty(block.caption) ?? null,
            credit: nonEmpty(block.credit) ?? null,
            width: block.width ?? null,
            height: block.height ?? null,
            mediaId: nonEmpty(block.mediaId) ?? null,
          },
        },
      ];
    case 'embed':
      return [
        {
          type: 'embed',
          attrs: { url: block.url, provider: nonEmpty(block.provider) ?? null, title: nonEmpty(block.title) ?? null },
        },
      ];
    default:
      // A block type this bundle does not know: nothing to show (the server only stores known types).
      return [];
  }
}

const withContent = (node: JSONContent, content: JSONContent[]): JSONContent =>
  content.length ? { ...node, content } : node;

const plainText = (text: string): JSONContent[] => (text ? [{ type: 'text', text }] : []);

/** Splits text at every mark boundary into text nodes, each carrying the marks that cover it. */
export function inlineToNodes(text: string, marks: readonly Mark[] | undefined): JSONContent[] {
  if (!text) return [];
  const valid = (marks ?? [])
    .map((m) => ({ ...m, start: safeCut(text, Math.max(0, m.start)), end: safeCut(text, Math.min(text.length, m.end)) }))
    .filter((m) => m.end > m.start && (m.kind !== 'link' || (m.href !== undefined && isSafeHref(m.href))));
  if (!valid.length) return [{ type: 'text', text }];
  const cuts = [...new Set([0, text.length, ...valid.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const nodes: JSONContent[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const active = valid
      .filter((m) => m.start <= start && m.end >= end)
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const node: JSONContent = { type: 'text', text: text.slice(start, end) };
    // One mark of each kind per text node (ProseMirror marks of one type exclude each other).
    const seen = new Set<Mark['kind']>();
    const pmMarks = active
      .filter((m) => !seen.has(m.kind) && seen.add(m.kind))
      .map((m) => (m.kind === 'link' ? { type: 'link', attrs: { href: m.href!.trim() } } : { type: PM_MARK[m.kind] }));
    if (pmMarks.length) node.marks = pmMarks;
    nodes.push(node);
  }
  return nodes;
}

/** Moves a cut that would split a surrogate pair (an emoji, say) to after the pair. */
function safeCut(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? at + 1 : at;
}

// ─── doc → blocks ─────────────────────────────────────────────────────────────

export function docToBlocks(doc: JSONContent): Block[] {
  const blocks: Block[] = [];
  for (const node of doc.content ?? []) nodeToBlocks(node, blocks);
  return blocks;
}

function nodeToBlocks(node: JSONContent, out: Block[]): void {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'paragraph': {
      const inline = nodesToInline(node.content);
      if (inline.text.trim()) out.push({ type: 'paragraph', ...inline });
      return;
    }
    case 'heading': {
      // Crossheads are plain text: marks are dropped, hard breaks become spaces.
      const text = nodesToInline(node.content).text;
      if (text.trim()) out.push({ type: 'crosshead', text });
      return;
    }
    case 'pullQuote':
    case 'blockquote': {
      // A pullQuote holds inline content; a plain blockquote (pasted) holds paragraphs: joined by spaces.
      const inline = node.type === 'pullQuote' ? nodesToInline(node.content) : joinInlines(collectTextblocks(node));
      if (!inline.text.trim()) return;
      const attribution = nonEmpty(str(attrs.attribution));
      out.push({ type: 'blockquote', ...inline, ...(attribution !== undefined && { attribution }) });
      return;
    }
    case 'bulletList':
    case 'orderedList': {
      const items = listItems(node).filter((i) => i.text.trim());
      if (items.length) out.push({ type: 'list', ordered: node.type === 'orderedList', items });
      return;
    }
    case 'figureImage': {
      const src = nonEmpty(str(attrs.src));
      if (src === undefined) return;
      const caption = nonEmpty(str(attrs.caption));
      const credit = nonEmpty(str(attrs.credit));
      const width = positiveInt(attrs.width);
      const height = positiveInt(attrs.height);
      const mediaId = nonEmpty(str(attrs.mediaId));
      out.push({
        type: 'image',
        src,
        // Kept even when empty so validation names the missing alt text instead of the image vanishing.
        alt: str(attrs.alt) ?? '',
        ...(caption !== undefined && { caption }),
        ...(credit !== undefined && { credit }),
        ...(width !== undefined && { width }),
        ...(height !== undefined && { height }),
        ...(mediaId !== undefined && { mediaId }),
      });
      return;
    }
    case 'embed': {
      const url = nonEmpty(str(attrs.url));
      if (url === undefined) return;
      const provider = nonEmpty(str(attrs.provider));
      const title = nonEmpty(str(attrs.title));
      out.push({ type: 'embed', url, ...(provider !== undefined && { provider }), ...(title !== undefined && { title }) });
      return;
    }
    default: {
      // Anything else (nothing in our schema, but be forgiving): keep its text, never its markup.
      const children = node.content ?? [];
      if (children.some((c) => c.type === 'text' || c.type === 'hardBreak')) {
        const inline = nodesToInline(children);
        if (inline.text.trim()) out.push({ type: 'paragraph', ...inline });
      } else {
        for (const child of children) nodeToBlocks(child, out);
      }
    }
  }
}

/** The items of a list: each listItem's paragraphs joined by spaces; nested lists flatten into following items. */
function listItems(list: JSONContent): Inline[] {
  const items: Inline[] = [];
  for (const item of list.content ?? []) {
    const own: JSONContent[] = [];
    const nested: Inline[] = [];
    for (const child of item.content ?? []) {
      if (child.type === 'bulletList' || child.type === 'orderedList') nested.push(...listItems(child));
      else own.push(...collectTextblocks(child));
    }
    items.push(joinInlines(own), ...nested);
  }
  return items;
}

/** The textblocks (nodes holding inline content) under a node, in document order. */
function collectTextblocks(node: JSONContent): JSONContent[] {
  const children = node.content ?? [];
  if (!children.length || children.some((c) => c.type === 'text' || c.type === 'hardBreak')) return [node];
  return children.flatMap(collectTextblocks);
}

function joinInlines(textblocks: readonly JSONContent[]): Inline {
  const parts = textblocks.map((b) => nodesToInline(b.content)).filter((p) => p.text);
  let text = '';
  const marks: Mark[] = [];
  for (const part of parts) {
    if (text) text += ' ';
    const offset = text.length;
    for (const m of part.marks ?? []) marks.push({ ...m, start: m.start + offset, end: m.end + offset });
    text += part.text;
  }
  return finish(text, marks);
}

/** Inline nodes → plain text plus merged, sorted mark ranges. */
export function nodesToInline(nodes: readonly JSONContent[] | undefined): Inline {
  let text = '';
  const ranges: Mark[] = [];
  /** The latest range per mark key, extended while the same mark continues. */
  const open = new Map<string, Mark>();
  for (const node of nodes ?? []) {
    let piece: string;
    if (node.type === 'text') piece = typeof node.text === 'string' ? node.text : '';
    else if (node.type === 'hardBreak') piece = ' ';
    else piece = typeof node.text === 'string' ? node.text : '';
    if (!piece) continue;
    const start = text.length;
    const end = start + piece.length;
    text += piece;
    for (const pm of node.marks ?? []) {
      const kind = OUR_KIND[pm.type];
      if (!kind) continue;
      const href = kind === 'link' ? str(pm.attrs?.href)?.trim() : undefined;
      if (kind === 'link' && (href === undefined || !isSafeHref(href))) continue;
      const key = kind === 'link' ? `link ${href}` : kind;
      const current = open.get(key);
      if (current && current.end === start) {
        current.end = end;
      } else {
        const range: Mark = kind === 'link' ? { kind, start, end, href: href! } : { kind, start, end };
        ranges.push(range);
        open.set(key, range);
      }
    }
  }
  return finish(text, ranges);
}

function finish(text: string, marks: Mark[]): Inline {
  return marks.length ? { text, marks: sortMarks(marks) } : { text };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nonEmpty = (v: string | undefined): string | undefined => (v !== undefined && v.trim() ? v : undefined);

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
