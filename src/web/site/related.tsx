import type { Config } from '../../config.js';
import { formatShortDate } from '../../domain/dates.js';
import type { ArticleSummary } from '../../store/articles.js';
import { articlePath } from './paths.js';

/** The "Related" box: published articles sharing tags with this one; nothing when there are none. */
export function Related(props: { config: Config; articles: readonly ArticleSummary[] }) {
  if (!props.articles.length) return null;
  return (
    <aside class="related" aria-labelledby="related-title">
      <h2 id="related-title">Related</h2>
      <ul>
        {props.articles.map((a) => (
          <li>
            <a href={articlePath(a)}>{a.headline}</a>
            {a.publishedAt && (
              <>
                {' '}
                <time datetime={a.publishedAt}>{formatShortDate(a.publishedAt, props.config.timeZone)}</time>
              </>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
