import { html } from './html.js';
import type { Child } from 'hono/jsx';
import { isSafeHref, type Block, type Mark } from '../../domain/article.js';
import type { MediaItem } from '../../store/media.js';
import { Picture } from './picture.js';

/** Renders plain text with range marks as nested inline elements; overlapping marks are split at boundaries. */
export function RichText(props: { text: string; marks?: readonly Mark[] | undefined }): Child {
  const marks = (props.marks ?? []).filter((m) => m.start < m.end && m.end <= props.text.length);
  if (!marks.length) return props.text;
  const cuts = [...new Set([0, props.text.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const pieces: Child[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    let node: Child = props.text.slice(start, end);
    // Links outermost, then strong, then em: a stable nesting whatever order the marks came in.
    const active = marks.filter((m) => m.start <= start && m.end >= end).sort((a, b) => order(a) - order(b));
    for (const m of active) {
      if (m.kind === 'em') node = <em>{node}</em>;
      else if (m.kind === 'strong') node = <strong>{node}</strong>;
      else if (m.href && isSafeHref(m.href)) node = <a href={m.href}>{node}</a>;
    }
    pieces.push(node);
  }
  return <>{pieces}</>;
}

const order = (m: Mark) => ({ em: 0, strong: 1, link: 2 })[m.kind];

/**
 * One body block for the article page. Paragraphs and quotes without marks, and crossheads (nearly
 * every block of wire copy), are written with Hono's escaping `html` template, for render time; the
 * rest goes through `BodyBlock`. The lead prefix (dateline and bylines) is passed for the first paragraph.
 */
export function bodyBlock(block: Block, leadPrefix: Child | undefined, media: Map<string, MediaItem> | undefined): Child {
  if (block.type === 'paragraph' && !block.marks?.length) return html`<p>${leadPrefix ?? ''}${block.text}</p>`;
  if (block.type === 'crosshead') return html`<h2 class="crosshead">${block.text}</h2>`;
  if (block.type === 'blockquote' && !block.marks?.length) {
    return html`<figure class="quote"><blockquote><p>${block.text}</p></blockquote>${block.attribution ? html`<figcaption>${block.attribution}</figcaption>` : ''}</figure>`;
  }
  return <BodyBlock block={block} leadPrefix={leadPrefix} media={media} />;
}

/** The blocks `bodyBlock` does not write itself: those with marks, lists, images and embeds. */
function BodyBlock(props: { block: Exclude<Block, { type: 'crosshead' }>; leadPrefix?: Child; media?: Map<string, MediaItem> | undefined }): Child {
  const b = props.block;
  switch (b.type) {
    case 'paragraph':
      return (
        <p>
          {props.leadPrefix}
          <RichText text={b.text} marks={b.marks} />
        </p>
      );
    case 'blockquote':
      return (
        <figure class="quote">
          <blockquote>
            <p>
              <RichText text={b.text} marks={b.marks} />
            </p>
          </blockquote>
          {b.attribution && <figcaption>{b.attribution}</figcaption>}
        </figure>
      );
    case 'list': {
      const items = b.items.map((i) => (
        <li>
          <RichText text={i.text} marks={i.marks} />
        </li>
      ));
      return b.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'image': {
      // Library images get responsive renditions; others keep their plain source.
      const item = b.mediaId ? props.media?.get(b.mediaId) : undefined;
      return (
        <figure class="image">
          {item ? (
            <Picture item={item} alt={b.alt} caption={null} credit={null} sizes="(min-width: 44rem) 42rem, 100vw" />
          ) : (
            <img src={b.src} alt={b.alt} loading="lazy" width={b.width} height={b.height} />
          )}
          {(b.caption || b.credit) && (
            <figcaption>
              {b.caption}
              {b.credit && <span class="credit"> {b.credit}</span>}
            </figcaption>
          )}
        </figure>
      );
    }
    case 'embed':
      return (
        <figure class="embed">
          <a href={b.url} rel="noopener">
            {b.title ?? b.url}
          </a>
          {b.provider && <figcaption>{b.provider}</figcaption>}
        </figure>
      );
  }
}
