import type { Article } from '../../domain/article.js';
import type { MediaItem } from '../../store/media.js';
import { fallbackRendition, renditionUrl } from './media-routes.js';

/** An article's picture for social cards, feeds and structured data, with an absolute URL. */
export interface LeadImage {
  url: string;
  alt: string;
  width?: number;
  height?: number;
  /** The MIME type when known from the library or the file name. */
  type?: string;
}

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** The image type a URL's file name says, e.g. "image/jpeg" for ".../640w.jpg"; undefined when it says none. */
export function imageTypeOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext ? IMAGE_TYPES[ext] : undefined;
}

/** An http(s) URL as given, a site path made absolute; undefined for anything else (data:, javascript:, "//host"). */
export function absoluteUrl(siteUrl: string, href: string): string | undefined {
  const h = href.trim();
  if (/^https?:\/\//i.test(h)) return h;
  if (h.startsWith('/') && !h.startsWith('//')) return siteUrl + h;
  return undefined;
}

/** Social cards want about 1200 pixels across. */
const CARD_WIDTH = 1200;

/**
 * The picture that stands for an article: `seo.image` when set, else the first image in the body (a library image at
 * its rendition nearest 1200 pixels wide). Undefined when there is none with a usable address.
 */
export function leadImage(
  article: Pick<Article, 'headline' | 'body' | 'seo'>,
  siteUrl: string,
  media?: ReadonlyMap<string, MediaItem>,
): LeadImage | undefined {
  const chosen = article.seo?.image?.trim();
  if (chosen) {
    const url = absoluteUrl(siteUrl, chosen);
    if (url) return { url, alt: article.headline, ...typed(url) };
  }
  const block = article.body.find((b) => b.type === 'image');
  if (!block) return undefined;
  const item = block.mediaId ? media?.get(block.mediaId) : undefined;
  const rendition = item && fallbackRendition(item, CARD_WIDTH);
  if (item && rendition) {
    const url = siteUrl + renditionUrl(item, rendition);
    return { url, alt: block.alt, width: rendition.width, height: rendition.height, ...typed(url) };
  }
  const url = absoluteUrl(siteUrl, block.src);
  if (!url) return undefined;
  return { url, alt: block.alt, ...(block.width && { width: block.width }), ...(block.height && { height: block.height }), ...typed(url) };
}

const typed = (url: string): { type?: string } => {
  const type = imageTypeOf(url);
  return type ? { type } : {};
};

export interface NewsArticleInput {
  article: Pick<
    Article,
    'headline' | 'bylines' | 'dateline' | 'tags' | 'language' | 'publishedAt' | 'updatedAt' | 'credit' | 'standfirst' | 'seo'
  >;
  canonical: string;
  description: string;
  siteUrl: string;
  siteName: string;
  /** The publisher's logo, absolute; left out of the data when the site has none. */
  logoUrl?: string | undefined;
  sectionName: string;
  /** Author page slugs by author id, for bylines linked to staff profiles. */
  authorSlugs: ReadonlyMap<string, string>;
  image?: LeadImage | undefined;
}

/** schema.org NewsArticle for an article page (https://schema.org/NewsArticle, Google's Article structured data). */
export function newsArticleJsonLd(input: NewsArticleInput): Record<string, unknown> {
  const { article, siteUrl } = input;
  const authors = article.bylines.map((b) => {
    const slug = b.authorId ? input.authorSlugs.get(b.authorId) : undefined;
    return { '@type': 'Person', name: b.name, ...(slug && { url: `${siteUrl}/authors/${slug}` }) };
  });
  const dateline = article.dateline;
  const address = dateline && {
    ...(dateline.city && { addressLocality: dateline.city }),
    ...(dateline.country && { addressCountry: dateline.country }),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.canonical },
    url: input.canonical,
    headline: article.headline,
    description: input.description,
    ...(article.publishedAt && { datePublished: article.publishedAt }),
    dateModified: article.updatedAt,
    // Agency copy without a byline is credited to the agency.
    ...(authors.length
      ? { author: authors }
      : article.credit && { author: [{ '@type': 'Organization', name: article.credit }] }),
    publisher: {
      '@type': 'Organization',
      name: input.siteName,
      url: `${siteUrl}/`,
      ...(input.logoUrl && { logo: { '@type': 'ImageObject', url: input.logoUrl } }),
    },
    ...(input.image && {
      image: [
        {
          '@type': 'ImageObject',
          url: input.image.url,
          ...(input.image.width && { width: input.image.width }),
          ...(input.image.height && { height: input.image.height }),
        },
      ],
    }),
    articleSection: input.sectionName,
    inLanguage: article.language,
    ...(article.tags.length && { keywords: article.tags }),
    ...(dateline && {
      dateline: dateline.text,
      locationCreated: {
        '@type': 'Place',
        name: dateline.text,
        ...(address && Object.keys(address).length && { address: { '@type': 'PostalAddress', ...address } }),
      },
    }),
  };
}

/**
 * JSON for inside <script type="application/ld+json">: `<`, `>` and `&` as \u escapes, so no text in it can close
 * the script element ("</script>") or open a comment; U+2028/2029 too, for old JavaScript parsers.
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
