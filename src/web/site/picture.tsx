import type { MediaItem } from '../../store/media.js';
import { fallbackRendition, fallbackRenditions, renditionUrl, srcsetFor } from './media-routes.js';

export interface PictureProps {
  item: MediaItem;
  /** Overrides the library's alt text; "" marks a purely decorative image. */
  alt?: string;
  /** The `sizes` attribute; default "100vw". */
  sizes?: string;
  /** Caption and credit default to the library's; pass null (or "") to leave one out. */
  caption?: string | null;
  credit?: string | null;
  /** "eager" for the image at the top of a page (the largest contentful paint); default "lazy". */
  loading?: 'lazy' | 'eager';
}

/**
 * A responsive image: webp for browsers that take it, jpeg (png for transparent images) for the rest, with
 * width and height so the layout does not jump. Wrapped in a <figure> when there is a caption or credit.
 */
export function Picture(props: PictureProps) {
  const { item } = props;
  const sizes = props.sizes ?? '100vw';
  const alt = props.alt ?? item.alt;
  const caption = props.caption === undefined ? item.caption : props.caption;
  const credit = props.credit === undefined ? item.credit : props.credit;
  const src = fallbackRendition(item);
  const webp = srcsetFor(item, 'webp');
  const fallbackSrcset = fallbackRenditions(item)
    .map((r) => `${renditionUrl(item, r)} ${r.width}w`)
    .join(', ');

  const picture = (
    <picture>
      {webp && <source type="image/webp" srcset={webp} sizes={sizes} />}
      <img
        src={src ? renditionUrl(item, src) : ''}
        srcset={fallbackSrcset}
        sizes={sizes}
        width={src?.width ?? item.width}
        height={src?.height ?? item.height}
        alt={alt}
        loading={props.loading ?? 'lazy'}
        decoding="async"
      />
    </picture>
  );
  if (!caption && !credit) return picture;
  return (
    <figure class="media">
      {picture}
      <figcaption>
        {caption}
        {caption && credit ? ' ' : ''}
        {credit && <span class="credit">{credit}</span>}
      </figcaption>
    </figure>
  );
}
