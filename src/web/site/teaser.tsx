import type { Config } from '../../config.js';
import { bylineLine } from '../../domain/article.js';
import { formatShortDate } from '../../domain/dates.js';
import type { ArticleSummary } from '../../store/articles.js';
import { articlePath } from './paths.js';

/** A headline with its standfirst, byline and date, as lists show an article. */
export function Teaser(props: { config: Config; article: ArticleSummary; level?: 2 | 3; lead?: boolean }) {
  const a = props.article;
  const heading = <a href={articlePath(a)}>{a.headline}</a>;
  return (
    <article class={props.lead ? 'teaser teaser-lead' : 'teaser'}>
      {props.level === 2 ? <h2>{heading}</h2> : <h3>{heading}</h3>}
      {a.standfirst && <p class="standfirst">{a.standfirst}</p>}
      <p class="teaser-meta">
        {a.dateline && <span class="dateline">{a.dateline.text}</span>}
        {a.bylines.length > 0 && <span class="byline">{bylineLine(a.bylines)}</span>}
        {a.publishedAt && <time datetime={a.publishedAt}>{formatShortDate(a.publishedAt, props.config.timeZone)}</time>}
      </p>
    </article>
  );
}
