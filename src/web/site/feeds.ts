import { Feed, type Category, type Extension, type Item } from 'feed';
import type { Config } from '../../config.js';
import { bylineLine, bylineWithLocations, type Block } from '../../domain/article.js';
import type { StoredArticle } from '../../store/articles.js';
import type { MediaItem } from '../../store/media.js';
import { blocksToHtml, escapeHtml } from '../../wire/ninjs-export.js';
import { describe } from './article-page.js';
import { leadImage, type LeadImage } from './json-ld.js';
import { articlePath } from './paths.js';
import { tagPath, tagSlug } from './tag-page.js';

export type FeedFormat = 'rss' | 'atom';

export const FEED_CONTENT_TYPE: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** How many of the newest articles a feed carries. */
export const FEED_SIZE = 30;

/** What a feed follows: the whole site, a section, a tag or an author. */
export interface FeedChannel {
  title: string;
  description: string;
  /** The site path of the HTML page the feed follows: "/", "/news", "/tags/russia". */
  pagePath: string;
  /** The feed's site path without its extension: "/feed", "/news/feed". */
  feedPath: string;
}

export interface FeedInput {
  config: Config;
  channel: FeedChannel;
  /** Newest first. */
  articles: readonly StoredArticle[];
  /** Author page slugs by author id, for bylines linked to staff profiles. */
  authorSlugs: ReadonlyMap<string, string>;
  /** Library images the articles use, by id. */
  media: ReadonlyMap<string, MediaItem>;
  /** Stands for the feed's update time when it has no articles. */
  now: Date;
}

export const feedExtension: Record<FeedFormat, string> = { rss: 'xml', atom: 'atom' };

// eslint-disable-next-line no-control-regex -- the point is to find the control characters XML 1.0 forbids.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text without the characters XML 1.0 cannot carry (most C0 controls, lone surrogates), which would break the feed. */
export const xmlClean = (s: string): string => s.replace(NOT_XML_CHAR, '');

/** For attribute values the feed library writes as given (it escapes only `"`). */
const xmlAttr = (s: string): string => xmlClean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Plain text for an RSS element the library wraps in CDATA. It splits only the first "]]>", so a second one would
 * end the section early; a space keeps any of them from closing it.
 */
const rssText = (s: string): string => xmlClean(s).replace(/]]>/g, ']] >');

/** The body with the dateline and bylines leading the first paragraph, as the article page prints it. */
function bodyWithLead(article: StoredArticle): Block[] {
  const first = article.body.findIndex((b) => b.type === 'paragraph');
  const lead = first >= 0 ? article.body[first] : undefined;
  if (!article.dateline || lead?.type !== 'paragraph') return article.body;
  const prefix = `${article.dateline.text}${article.bylines.length ? `, ${bylineWithLocations(article.bylines)}` : ''} - `;
  const shifted = lead.marks?.map((m) => ({ ...m, start: m.start + prefix.length, end: m.end + prefix.length }));
  const body = article.body.slice();
  body[first] = { ...lead, text: prefix + lead.text, ...(shifted && { marks: shifted }) };
  return body;
}

function categories(config: Config, article: StoredArticle, format: FeedFormat): Category[] {
  const section = config.sections.find((s) => s.slug === article.section);
  const sectionCategory = { name: section?.name ?? article.section, term: article.section, url: `${config.siteUrl}/${article.section}` };
  const tagCategories = article.tags
    .map((tag) => ({ tag, slug: tagSlug(tag) }))
    .filter((t) => t.slug)
    .map((t) => ({ name: t.tag, term: t.slug, url: config.siteUrl + tagPath(t.slug) }));
  return [sectionCategory, ...tagCategories].map((c) =>
    format === 'rss'
      ? { name: xmlClean(c.name), domain: xmlAttr(c.url) }
      : // The library escapes "&" in Atom's label but not "<", which no attribute may hold; such a label is left out.
        { term: c.term, scheme: c.url, ...(!c.name.includes('<') && { name: xmlClean(c.name) }) },
  );
}

/** RSS: <enclosure> (it needs a type, so only for images with a known one) and Media RSS <media:content>. */
function rssImage(image: LeadImage | undefined): Pick<Item, 'enclosure' | 'extensions'> {
  if (!image) return {};
  const mediaContent: Extension = {
    name: 'media:content',
    objects: {
      _attributes: {
        'xmlns:media': 'http://search.yahoo.com/mrss/',
        url: xmlAttr(image.url),
        medium: 'image',
        ...(image.type && { type: image.type }),
        ...(image.width && { width: image.width }),
        ...(image.height && { height: image.height }),
      },
      'media:description': { _text: xmlClean(image.alt) },
    },
  };
  // RSS 2.0 requires a length; 0 is the usual stand-in when the size in bytes is not known.
  return { ...(image.type && { enclosure: { url: image.url, type: image.type, length: 0 } }), extensions: [mediaContent] };
}

function feedItem(input: FeedInput, article: StoredArticle, format: FeedFormat): Item {
  const { config } = input;
  const link = config.siteUrl + articlePath(article);
  const image = leadImage(article, config.siteUrl, input.media);
  const summary = xmlClean(article.seo?.description?.trim() || describe(article));
  const content = xmlClean(blocksToHtml(bodyWithLead(article), { siteUrl: config.siteUrl }));
  const common = {
    link,
    // Atom's <updated>; RSS's <pubDate> comes from `published`.
    date: new Date(article.updatedAt),
    ...(article.publishedAt && { published: new Date(article.publishedAt) }),
    content,
    category: categories(config, article, format),
    ...(article.credit && { copyright: xmlClean(article.credit) }),
  };
  if (format === 'atom') {
    const authors = article.bylines.map((b) => {
      const slug = b.authorId ? input.authorSlugs.get(b.authorId) : undefined;
      return { name: xmlClean(b.name), ...(slug && { link: `${config.siteUrl}/authors/${slug}` }) };
    });
    const enclosure = image?.type ? { enclosure: { url: image.url, type: image.type } } : {};
    // Atom's title and summary are type="html": the text is escaped as HTML, which also keeps "]]>" out of the CDATA.
    return { ...common, title: escapeHtml(xmlClean(article.headline)), description: escapeHtml(summary), ...(authors.length && { author: authors }), ...enclosure };
  }
  // RSS's <author> is an e-mail address; the byline names go in Dublin Core's <dc:creator> instead.
  const creator: Extension[] = article.bylines.length ? [{ name: 'dc:creator', objects: { _text: xmlClean(bylineLine(article.bylines)) } }] : [];
  const { enclosure, extensions = [] } = rssImage(image);
  return {
    ...common,
    title: rssText(article.headline),
    description: escapeHtml(summary),
    ...(enclosure && { enclosure }),
    extensions: [...creator, ...extensions],
  };
}

/** An RSS 2.0 or Atom 1.0 document (RFC 4287) of the given articles, with full content, bylines, images and categories. */
export function renderFeed(format: FeedFormat, input: FeedInput): string {
  const { config, channel } = input;
  const newest = input.articles.reduce<string | undefined>((max, a) => (max === undefined || a.updatedAt > max ? a.updatedAt : max), undefined);
  const feed = new Feed({
    id: config.siteUrl + channel.pagePath,
    title: xmlClean(channel.title),
    description: xmlClean(channel.description),
    link: config.siteUrl + channel.pagePath,
    language: 'en',
    updated: newest ? new Date(newest) : input.now,
    generator: 'Dateline',
    copyright: `© ${input.now.getUTCFullYear()} ${xmlClean(config.siteName)}`,
    feedLinks: {
      rss: `${config.siteUrl}${channel.feedPath}.${feedExtension.rss}`,
      atom: `${config.siteUrl}${channel.feedPath}.${feedExtension.atom}`,
    },
    // Atom needs an author on the feed when an entry has none (RFC 4287 section 4.1.1).
    author: { name: xmlClean(config.siteName), link: `${config.siteUrl}/` },
  });
  for (const article of input.articles) feed.addItem(feedItem(input, article, format));
  if (format === 'rss') return feed.rss2();
  // The library derives an Atom enclosure's type from the file name, giving the unregistered "image/jpg" for ".jpg".
  return feed.atom1().replace(/(<link rel="enclosure" href="[^"]*" type=")image\/jpg"/g, '$1image/jpeg"');
}
