import { diffWords } from 'diff';
import type { Config } from '../../../config.js';
import { articleAsText } from '../../../domain/article-text.js';
import { formatDateTime } from '../../../domain/dates.js';
import { can } from '../../../domain/policies.js';
import type { StoredArticle } from '../../../store/articles.js';
import type { User } from '../../../store/users.js';
import { CsrfField, NewsroomLayout } from '../layout.js';

export interface RevisionRow {
  revision: number;
  createdAt: string;
  actorName: string;
}

export function RevisionsPage(props: { config: Config; user: User; csrfToken: string; article: StoredArticle; revisions: RevisionRow[] }) {
  const { config, article } = props;
  const latest = props.revisions[0]?.revision ?? article.revision;
  return (
    <NewsroomLayout config={config} user={props.user} csrfToken={props.csrfToken} title={`Revisions: ${article.headline}`} current="articles">
      <p>
        <a href={`/newsroom/articles/${article.id}`}>← Back to the article</a>
      </p>
      <h1>Revisions of “{article.headline}”</h1>
      <form method="get" action={`/newsroom/articles/${article.id}/compare`}>
        <table class="nr-table">
          <thead>
            <tr>
              <th scope="col">Old</th>
              <th scope="col">New</th>
              <th scope="col">Revision</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {props.revisions.map((r, i) => (
              <tr>
                <td>
                  <input type="radio" name="a" value={String(r.revision)} aria-label={`Compare from revision ${r.revision}`} checked={i === 1 || (props.revisions.length === 1 && i === 0)} />
                </td>
                <td>
                  <input type="radio" name="b" value={String(r.revision)} aria-label={`Compare to revision ${r.revision}`} checked={i === 0} />
                </td>
                <td>{r.revision}</td>
                <td>
                  <time datetime={r.createdAt}>{formatDateTime(r.createdAt, config.timeZone)}</time>
                </td>
                <td>{r.actorName}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" class="primary">
          Compare side by side
        </button>
      </form>
      {can(props.user, 'article.restore') && props.revisions.length > 1 && (
        <form method="post" action={`/newsroom/articles/${article.id}/restore`} class="nr-form nr-inline-form">
          <CsrfField token={props.csrfToken} />
          <label for="restore-rev">Restore the content of revision</label>
          <select id="restore-rev" name="revision">
            {props.revisions
              .filter((r) => r.revision !== latest)
              .map((r) => (
                <option value={String(r.revision)}>{r.revision}</option>
              ))}
          </select>
          <button type="submit">Restore</button>
        </form>
      )}
    </NewsroomLayout>
  );
}

export function ComparePage(props: { config: Config; user: User; csrfToken: string; article: StoredArticle; a: StoredArticle; b: StoredArticle }) {
  const parts = diffWords(articleAsText(props.a), articleAsText(props.b));
  const side = (keep: 'removed' | 'added') =>
    parts.map((p) => {
      if (p.added) return keep === 'added' ? <ins>{p.value}</ins> : null;
      if (p.removed) return keep === 'removed' ? <del>{p.value}</del> : null;
      return p.value;
    });
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="Compare revisions" current="articles">
      <p>
        <a href={`/newsroom/articles/${props.article.id}/revisions`}>← All revisions</a>
      </p>
      <h1>
        Revision {props.a.revision} and revision {props.b.revision}
      </h1>
      <div class="nr-compare">
        <section aria-label={`Revision ${props.a.revision}`}>
          <h2>Revision {props.a.revision}</h2>
          <div class="nr-diff">{side('removed')}</div>
        </section>
        <section aria-label={`Revision ${props.b.revision}`}>
          <h2>Revision {props.b.revision}</h2>
          <div class="nr-diff">{side('added')}</div>
        </section>
      </div>
    </NewsroomLayout>
  );
}
