import type { Config } from '../../../config.js';
import { bylineLine, type ArticleStatus } from '../../../domain/article.js';
import { formatDateTime } from '../../../domain/dates.js';
import type { ArticleSummary } from '../../../store/articles.js';

export const STATUS_LABEL: Record<ArticleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

export const StatusBadge = (props: { status: ArticleStatus }) => <span class={`badge badge-${props.status}`}>{STATUS_LABEL[props.status]}</span>;

/** A table of articles with links into the editor. */
export function ArticleTable(props: { config: Config; articles: ArticleSummary[]; empty: string }) {
  if (!props.articles.length) return <p class="nr-empty">{props.empty}</p>;
  return (
    <table class="nr-table">
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Section</th>
          <th scope="col">Byline</th>
          <th scope="col">Status</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {props.articles.map((a) => (
          <tr>
            <td>
              <a href={`/newsroom/articles/${a.id}`}>{a.headline}</a>
            </td>
            <td>{props.config.sections.find((s) => s.slug === a.section)?.name ?? a.section}</td>
            <td>{bylineLine(a.bylines)}</td>
            <td>
              <StatusBadge status={a.status} />
            </td>
            <td>
              <time datetime={a.updatedAt}>{formatDateTime(a.updatedAt, props.config.timeZone)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
