import type { Child } from 'hono/jsx';
import type { Config } from '../../config.js';
import type { ArticleSummary } from '../../store/articles.js';
import { Layout, type PageMeta } from './layout.js';
import { Teaser } from './teaser.js';
import { Pagination, pagedPath } from './pagination.js';

/**
 * A tag's address form: lower case, accents dropped, runs of anything but letters and digits as one hyphen
 * ("US politics" -> "us-politics", "Côte d'Ivoire" -> "cote-divoire"). Letters outside ASCII stay ("россия").
 * Tags that differ only in case or punctuation share a page. "" when the tag has no letter or digit.
 */
export function tagSlug(tag: string): string {
  return tag
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export const tagPath = (slug: string): string => `/tags/${encodeURIComponent(slug)}`;

export interface ArticleListPageProps {
  config: Config;
  now: Date;
  /** The page's heading; the <title> adds the page number and the site name. */
  title: string;
  description: string;
  /** The list's site path without the page query: "/tags/russia", "/archive/2015/05". */
  path: string;
  page: number;
  pageCount: number;
  articles: ArticleSummary[];
  /** Shown above the heading: a trail back up, e.g. the archive's year. */
  trail?: Child;
  /** This list's own feeds, for <link rel="alternate">. */
  alternates?: PageMeta['alternates'];
  ogType?: string;
}

/** A paginated list of teasers with canonical, prev and next links: tag pages and archive pages. */
export function ArticleListPage(props: ArticleListPageProps) {
  const { config, path, page, pageCount } = props;
  const canonical = config.siteUrl + pagedPath(path, page);
  const meta: PageMeta = {
    title: `${props.title}${page > 1 ? ` (page ${page})` : ''} | ${config.siteName}`,
    description: props.description,
    canonical,
    prev: page > 1 ? config.siteUrl + pagedPath(path, page - 1) : undefined,
    next: page < pageCount ? config.siteUrl + pagedPath(path, page + 1) : undefined,
    tags: [
      ['og:type', props.ogType ?? 'website'],
      ['og:site_name', config.siteName],
      ['og:title', props.title],
      ['og:url', canonical],
    ],
    ...(props.alternates && { alternates: props.alternates }),
  };
  return (
    <Layout config={config} meta={meta} now={props.now}>
      {props.trail && <nav class="trail" aria-label="You are here">{props.trail}</nav>}
      <h1 class="section-title">{props.title}</h1>
      <div class="section-list">
        {props.articles.map((a) => (
          <Teaser config={config} article={a} level={2} />
        ))}
      </div>
      <Pagination path={path} page={page} pageCount={pageCount} />
    </Layout>
  );
}

/** A tag's page: its articles newest first, with the tag's feeds. */
export function TagPage(props: { config: Config; now: Date; tag: string; slug: string; articles: ArticleSummary[]; page: number; pageCount: number }) {
  const { config, tag } = props;
  const path = tagPath(props.slug);
  return (
    <ArticleListPage
      config={config}
      now={props.now}
      title={tag}
      description={`Articles about ${tag} from ${config.siteName}.`}
      path={path}
      page={props.page}
      pageCount={props.pageCount}
      articles={props.articles}
      trail={<span class="trail-kind">Tag</span>}
      alternates={[
        { type: 'application/rss+xml', href: `${config.siteUrl}${path}/feed.xml`, title: `${tag} | ${config.siteName} (RSS)` },
        { type: 'application/atom+xml', href: `${config.siteUrl}${path}/feed.atom`, title: `${tag} | ${config.siteName} (Atom)` },
      ]}
    />
  );
}
