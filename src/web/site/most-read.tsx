import { html } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ArticleSummary } from '../../store/articles.js';
import { articlePath } from './paths.js';

/** The "Most read" box: the articles read most in the last two days, most first; nothing when there are none. */
export function mostRead(articles: readonly ArticleSummary[]): HtmlEscapedString | '' {
  if (!articles.length) return '';
  return html`<aside class="most-read" aria-labelledby="most-read-title"><h2 id="most-read-title">Most read</h2><ol>${articles.map(
    (a) => html`<li><a href="${articlePath(a)}">${a.headline}</a></li>`,
  )}</ol></aside>` as HtmlEscapedString;
}
