import { html, raw } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../config.js';
import { blockText, type Byline } from '../../domain/article.js';
import { formatDateTime, formatLongDate } from '../../domain/dates.js';
import type { ArticleLink, ArticleSummary, StoredArticle } from '../../store/articles.js';
import type { Correction } from '../../store/corrections.js';
import type { MediaItem } from '../../store/media.js';
import { commentsSection, type ArticleComments, type CommentFormState } from './comments.js';
import { jsonLdText, leadImage, newsArticleJsonLd } from './json-ld.js';
import { Layout } from './layout.js';
import { mostRead } from './most-read.js';
import { related } from './related.js';
import { bodyBlock } from './rich-text.js';
import { articlePath } from './paths.js';
import { shareLinks, articleSocialTags } from './share-links.js';

export type { CommentFormState } from './comments.js';

export interface ArticlePageProps {
  config: Config;
  now: Date;
  article: StoredArticle;
  comments: ArticleComments;
  /** The article's own key points, or extracted ones when it has none. */
  keyPoints: string[];
  corrections: Correction[];
  /** Author page slugs by author id, for bylines linked to staff profiles. */
  authorSlugs: Map<string, string>;
  /** Library images the body uses, by id. */
  media: Map<string, MediaItem>;
  form: CommentFormState;
  /** The site's X account without "@" (from `siteXAccount`); the configured one when not given. */
  xAccount?: string;
  /** Published articles sharing tags with this one (the "Related" box). */
  related?: readonly ArticleLink[];
  /** The "Most read" box. */
  mostRead?: readonly ArticleSummary[];
}

/** A one-line summary for meta descriptions: the standfirst, or the lead cut at a word near 160 characters. */
export function describe(article: StoredArticle): string {
  const text = article.standfirst ?? blockText(article.body.find((b) => b.type === 'paragraph') ?? { type: 'paragraph', text: '' });
  if (text.length <= 160) return text;
  const cut = text.slice(0, 157);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

/** Byline names, linked to author pages where they belong to staff: "A in X with B in Y" or "A with B". */
function bylinesHtml(bylines: readonly Byline[], authorSlugs: Map<string, string>, withLocations = false): HtmlEscapedString {
  const last = bylines.length - 1;
  return html`${bylines.map((b, i) => {
    const slug = b.authorId && authorSlugs.get(b.authorId);
    const name = slug ? html`<a href="/authors/${slug}" rel="author">${b.name}</a>` : b.name;
    const separator = i === 0 ? '' : i === last ? (withLocations && bylines.length > 2 ? ' and ' : ' with ') : ', ';
    return html`${separator}${name}${withLocations && b.location ? html` in ${b.location}` : ''}`;
  })}` as HtmlEscapedString;
}

export function ArticlePage(props: ArticlePageProps) {
  const { config, article } = props;
  const canonical = config.siteUrl + articlePath(article);
  const description = article.seo?.description?.trim() || describe(article);
  const section = config.sections.find((s) => s.slug === article.section);
  const xAccount = props.xAccount ?? config.twitterHandle;
  const image = leadImage(article, config.siteUrl, props.media);
  const firstParagraph = article.body.findIndex((b) => b.type === 'paragraph');
  const leadPrefix = article.dateline
    ? html`<span class="dateline">${article.dateline.text}</span>${
        article.bylines.length > 0 ? html`, <span class="lead-byline">${bylinesHtml(article.bylines, props.authorSlugs, true)}</span>` : ''
      } - `
    : undefined;
  const title = article.seo?.title?.trim() || article.headline;
  const meta = {
    title: `${title} | ${config.siteName}`,
    description,
    canonical,
    tags: articleSocialTags({ config, xAccount, canonical, title, description, sectionName: section?.name ?? article.section, publishedAt: article.publishedAt, updatedAt: article.updatedAt, tags: article.tags, image }),
  };
  const structuredData = newsArticleJsonLd({
    article,
    canonical,
    description,
    siteUrl: config.siteUrl,
    siteName: config.siteName,
    sectionName: section?.name ?? article.section,
    authorSlugs: props.authorSlugs,
    image,
  });
  const shownDate = article.publishedAt ?? article.updatedAt;

  // Written with Hono's escaping `html` template rather than JSX elements, for render time (see layout.tsx).
  return (
    <Layout config={config} meta={meta} now={props.now} currentSection={article.section}>
      {html`<script type="application/ld+json">${raw(jsonLdText(structuredData))}</script><article class="story" lang="${article.language}"><header class="story-head">${
        section ? html`<p class="kicker"><a href="/${section.slug}">${section.name}</a></p>` : ''
      }<h1>${article.headline}</h1>${article.standfirst ? html`<p class="standfirst">${article.standfirst}</p>` : ''}</header><div class="story-body">${article.body.map((block, i) =>
        bodyBlock(block, i === firstParagraph ? leadPrefix : undefined, props.media),
      )}</div><hr/><footer class="story-foot"><p class="published"><time datetime="${shownDate}">${formatLongDate(shownDate, config.timeZone)}</time></p>${
        article.bylines.length > 0 ? html`<p class="byline">${bylinesHtml(article.bylines, props.authorSlugs)}</p>` : ''
      }${article.credit ? html`<p class="credit">© ${article.credit}</p>` : ''}${props.corrections.length > 0 ? correctionsHtml(article, props.corrections, config) : ''}</footer></article>`}
      {commentsSection({ config, articlePath: articlePath(article), ...props.comments, form: props.form })}
      {html`<aside class="share" aria-labelledby="share-title">${shareLinks({ headline: article.headline, url: canonical, xAccount })}</aside>${
        props.keyPoints.length > 0
          ? html`<aside class="at-a-glance" aria-labelledby="glance-title"><h2 id="glance-title">At a glance</h2><ul>${props.keyPoints.map((k) => html`<li>${k}</li>`)}</ul></aside>`
          : ''
      }${related(config, props.related ?? [])}${mostRead(props.mostRead ?? [])}`}
    </Layout>
  );
}

function correctionsHtml(article: StoredArticle, corrections: readonly Correction[], config: Config): HtmlEscapedString {
  return html`<section class="corrections" aria-label="Corrections and updates"><p class="updated">Updated <time datetime="${article.updatedAt}">${formatDateTime(
    article.updatedAt,
    config.timeZone,
  )}</time></p>${corrections.map(
    (c) =>
      html`<p class="note note-${c.kind}"><strong>${c.kind === 'correction' ? 'Correction' : 'Update'}</strong> (<time datetime="${c.createdAt}">${formatDateTime(
        c.createdAt,
        config.timeZone,
      )}</time>): ${c.text}</p>`,
  )}</section>` as HtmlEscapedString;
}
