import { html } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../config.js';
import { bylineLine } from '../../domain/article.js';
import { formatShortDate } from '../../domain/dates.js';
import type { ArticleSummary } from '../../store/articles.js';
import { articlePath } from './paths.js';

/**
 * A headline with its standfirst, byline and date, as lists show an article. Written with Hono's
 * escaping `html` template rather than JSX elements: list pages show dozens of teasers, and JSX
 * elements were most of their render time.
 */
export function Teaser(props: { config: Config; article: ArticleSummary; level?: 2 | 3; lead?: boolean }): HtmlEscapedString {
  const a = props.article;
  const heading = html`<a href="${articlePath(a)}">${a.headline}</a>`;
  return html`<article class="${props.lead ? 'teaser teaser-lead' : 'teaser'}">${props.level === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}${
    a.standfirst ? html`<p class="standfirst">${a.standfirst}</p>` : ''
  }<p class="teaser-meta">${a.dateline ? html`<span class="dateline">${a.dateline.text}</span>` : ''}${
    a.bylines.length > 0 ? html`<span class="byline">${bylineLine(a.bylines)}</span>` : ''
  }${a.publishedAt ? html`<time datetime="${a.publishedAt}">${formatShortDate(a.publishedAt, props.config.timeZone)}</time>` : ''}</p></article>` as HtmlEscapedString;
}
