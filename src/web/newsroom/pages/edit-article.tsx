import type { Config } from '../../../config.js';
import { utcToZonedLocal, formatDateTime } from '../../../domain/dates.js';
import { can } from '../../../domain/policies.js';
import type { StoredArticle } from '../../../store/articles.js';
import type { Correction } from '../../../store/corrections.js';
import type { User } from '../../../store/users.js';
import { articlePath } from '../../site/paths.js';
import { editorScriptPath } from '../assets.js';
import { CsrfField, NewsroomLayout } from '../layout.js';
import { StatusBadge } from './article-table.js';

export interface EditPageProps {
  config: Config;
  user: User;
  csrfToken: string;
  article: StoredArticle;
  corrections: Correction[];
  staff: User[];
  notice?: { kind: 'ok' | 'error'; text: string } | undefined;
}

function Workflow(props: { config: Config; user: User; csrfToken: string; article: StoredArticle }) {
  const { user, article } = props;
  const facts = { status: article.status, createdBy: article.createdBy };
  const action = `/newsroom/articles/${article.id}/workflow`;
  const button = (intent: string, label: string, primary = false) => (
    <form method="post" action={action} class="workflow-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" class={primary ? 'primary' : ''} data-intent={intent}>
        {label}
      </button>
    </form>
  );
  const s = article.status;
  return (
    <div class="nr-workflow">
      {s === 'draft' && can(user, 'article.submit', facts) && button('submit', 'Submit for review', !can(user, 'article.publish'))}
      {can(user, 'article.publish') && s !== 'published' && button('publish', s === 'unpublished' ? 'Publish again' : 'Publish now', true)}
      {can(user, 'article.schedule') && s !== 'published' && (
        <form method="post" action={action} class="workflow-form nr-schedule">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="intent" value="schedule" />
          <label for="schedule-at">Publish at ({props.config.timeZone})</label>
          <input
            id="schedule-at"
            name="at"
            type="datetime-local"
            required
            value={article.scheduledAt ? utcToZonedLocal(article.scheduledAt, props.config.timeZone) : ''}
          />
          <button type="submit" data-intent="schedule">
            {s === 'scheduled' ? 'Reschedule' : 'Schedule'}
          </button>
        </form>
      )}
      {can(user, 'article.unpublish') && (s === 'published' || s === 'scheduled') && button('unpublish', s === 'scheduled' ? 'Cancel schedule' : 'Unpublish')}
      {can(user, 'article.publish') && (s === 'in_review' || s === 'unpublished') && button('return_to_draft', 'Return to draft')}
    </div>
  );
}

export function EditArticlePage(props: EditPageProps) {
  const { config, user, article } = props;
  const script = editorScriptPath();
  const bylines = article.bylines.length ? article.bylines : [{ name: '' }];
  return (
    <NewsroomLayout
      config={config}
      user={user}
      csrfToken={props.csrfToken}
      title={article.headline}
      current="articles"
      notice={props.notice}
      head={script && <script type="module" src={script} />}
    >
      <div class="nr-edit">
        <form id="article-form" class="nr-form nr-edit-main" method="post" action={`/newsroom/articles/${article.id}`} data-article-id={article.id}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" id="f-revision" name="expectedRevision" value={String(article.revision)} />
          <div id="conflict-banner" class="nr-banner nr-error" role="alert" hidden></div>
          <div id="presence-banner" class="nr-banner nr-warn" role="status" hidden></div>
          {article.wireFlag && <p class="nr-banner nr-warn">{article.wireFlag} Saving marks it as seen.</p>}
          <label for="f-headline">Headline</label>
          <input id="f-headline" name="headline" class="nr-headline" required maxlength={300} value={article.headline === 'Untitled draft' ? '' : article.headline} placeholder="Headline" />
          <label for="f-standfirst">Standfirst</label>
          <textarea id="f-standfirst" name="standfirst" rows={2} maxlength={1000}>
            {article.standfirst ?? ''}
          </textarea>
          <label for="body-editor">Body</label>
          <input type="hidden" id="f-body" name="body" value={JSON.stringify(article.body)} />
          <div id="body-editor" class="nr-body-editor"></div>
          <noscript>
            <p class="nr-banner nr-warn">The body editor needs JavaScript. The other fields can be saved without it.</p>
          </noscript>
          <div class="nr-save-row">
            <button type="submit" id="save-button" class="primary">
              Save
            </button>
            <p id="save-status" aria-live="polite">
              Revision {article.revision}, saved {formatDateTime(article.updatedAt, config.timeZone)}
            </p>
          </div>

          <fieldset>
            <legend>Placement</legend>
            <label for="f-section">Section</label>
            <select id="f-section" name="section">
              {config.sections.map((s) => (
                <option value={s.slug} selected={s.slug === article.section}>
                  {s.name}
                </option>
              ))}
            </select>
            <label for="f-tags">Tags (comma separated)</label>
            <input id="f-tags" name="tags" value={article.tags.join(', ')} />
          </fieldset>

          <fieldset>
            <legend>Dateline</legend>
            <label for="f-dateline">As printed (e.g. SOCHI, RUSSIA)</label>
            <input id="f-dateline" name="dateline.text" value={article.dateline?.text ?? ''} />
            <div class="nr-pair">
              <span>
                <label for="f-city">City</label>
                <input id="f-city" name="dateline.city" value={article.dateline?.city ?? ''} />
              </span>
              <span>
                <label for="f-country">Country</label>
                <input id="f-country" name="dateline.country" value={article.dateline?.country ?? ''} />
              </span>
            </div>
          </fieldset>

          <fieldset>
            <legend>Bylines</legend>
            <datalist id="staff-names">
              {props.staff.map((s) => (
                <option value={s.name} />
              ))}
            </datalist>
            <div id="bylines">
              {bylines.map((b, i) => {
                const field = (key: 'name' | 'location' | 'role', label: string, value: string | undefined, maxLength: number) => (
                  <div class={`byline-field byline-${key}`}>
                    <label for={`byline-${key}-${i}`}>{label}</label>
                    <input id={`byline-${key}-${i}`} name={`bylines.${i}.${key}`} maxlength={maxLength} value={value ?? ''} list={key === 'name' ? 'staff-names' : undefined} autocomplete="off" />
                  </div>
                );
                return (
                  <div class="byline-row">
                    {field('name', 'Name', b.name, 200)}
                    {field('location', 'Location', 'location' in b ? b.location : undefined, 200)}
                    {field('role', 'Role', 'role' in b ? b.role : undefined, 100)}
                    <input type="hidden" name={`bylines.${i}.authorId`} value={'authorId' in b ? (b.authorId ?? '') : ''} />
                  </div>
                );
              })}
            </div>
            <button type="button" id="add-byline">
              Add byline
            </button>
          </fieldset>

          <fieldset>
            <legend>At a glance</legend>
            <label for="f-keypoints">Key points, one per line</label>
            <textarea id="f-keypoints" name="keyPoints" rows={4}>
              {article.keyPoints.join('\n')}
            </textarea>
            <button type="button" id="suggest-key-points">
              Suggest from the body
            </button>
          </fieldset>

          <fieldset>
            <legend>Search and social</legend>
            <label for="f-slug">Address (slug): {config.siteUrl}/{article.section}/…</label>
            <input id="f-slug" name="slug" maxlength={100} value={article.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
            <label for="f-seo-title">SEO title</label>
            <input id="f-seo-title" name="seo.title" maxlength={300} value={article.seo?.title ?? ''} />
            <label for="f-seo-description">SEO description</label>
            <textarea id="f-seo-description" name="seo.description" rows={2} maxlength={500}>
              {article.seo?.description ?? ''}
            </textarea>
            <label for="f-seo-image">Social image URL</label>
            <input id="f-seo-image" name="seo.image" value={article.seo?.image ?? ''} />
          </fieldset>
        </form>

        <aside class="nr-edit-side">
          <section class="nr-card">
            <h2>
              Status <StatusBadge status={article.status} />
            </h2>
            {article.status === 'scheduled' && article.scheduledAt && (
              <p>
                Goes live <time datetime={article.scheduledAt}>{formatDateTime(article.scheduledAt, config.timeZone)}</time>
              </p>
            )}
            {article.publishedAt && (
              <p>
                First published <time datetime={article.publishedAt}>{formatDateTime(article.publishedAt, config.timeZone)}</time>
              </p>
            )}
            {article.status === 'published' && (
              <p>
                <a href={articlePath(article)} target="_blank" rel="noopener">
                  View on the site
                </a>
              </p>
            )}
            {article.origin === 'wire' && <p class="nr-muted">From the wire{article.source ? `: ${article.source}` : ''}</p>}
            <Workflow config={config} user={user} csrfToken={props.csrfToken} article={article} />
            <p>
              <a href={`/newsroom/articles/${article.id}/revisions`}>Revisions ({article.revision})</a>
            </p>
          </section>
          {can(user, 'article.correct', article) && article.status === 'published' && (
            <section class="nr-card">
              <h2>Correction or update</h2>
              <form method="post" action={`/newsroom/articles/${article.id}/corrections`} class="nr-form workflow-form">
                <CsrfField token={props.csrfToken} />
                <label for="c-kind">Kind</label>
                <select id="c-kind" name="kind">
                  <option value="correction">Correction</option>
                  <option value="update">Update</option>
                </select>
                <label for="c-text">Note shown on the article</label>
                <textarea id="c-text" name="text" rows={3} required maxlength={2000} placeholder="An earlier version of this article ..."></textarea>
                <button type="submit">Add note</button>
              </form>
            </section>
          )}
          {props.corrections.length > 0 && (
            <section class="nr-card">
              <h2>Notes on the page</h2>
              <ul class="nr-notes">
                {props.corrections.map((c) => (
                  <li>
                    <strong>{c.kind === 'correction' ? 'Correction' : 'Update'}</strong>, {formatDateTime(c.createdAt, config.timeZone)}: {c.text}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </NewsroomLayout>
  );
}
