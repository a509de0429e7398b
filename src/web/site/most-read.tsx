import type { ArticleSummary } from '../../store/articles.js';
import { articlePath } from './paths.js';

/** The "Most read" box: the articles read most in the last two days, most first; nothing when there are none. */
export function MostRead(props: { articles: readonly ArticleSummary[] }) {
  if (!props.articles.length) return null;
  return (
    <aside class="most-read" aria-labelledby="most-read-title">
      <h2 id="most-read-title">Most read</h2>
      <ol>
        {props.articles.map((a) => (
          <li>
            <a href={articlePath(a)}>{a.headline}</a>
          </li>
        ))}
      </ol>
    </aside>
  );
}
