import { html } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../config.js';
import { formatShortDate } from '../../domain/dates.js';
import type { ArticleLink } from '../../store/articles.js';
import { articlePath } from './paths.js';

/** The "Related" box: published articles sharing tags with this one; nothing when there are none. */
export function related(config: Config, articles: readonly ArticleLink[]): HtmlEscapedString | '' {
  if (!articles.length) return '';
  return html`<aside class="related" aria-labelledby="related-title"><h2 id="related-title">Related</h2><ul>${articles.map(
    (a) =>
      html`<li><a href="${articlePath(a)}">${a.headline}</a>${
        a.publishedAt ? html` <time datetime="${a.publishedAt}">${formatShortDate(a.publishedAt, config.timeZone)}</time>` : ''
      }</li>`,
  )}</ul></aside>` as HtmlEscapedString;
}
