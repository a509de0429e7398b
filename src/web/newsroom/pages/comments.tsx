import type { Config } from '../../../config.js';
import { formatDateTime } from '../../../domain/dates.js';
import { articlePath } from '../../../domain/paths.js';
import { MODERATION_TABS, type ModerationQueue, type ModerationTab } from '../../../ops/moderate-comments.js';
import type { CommentBlock, QueuedComment } from '../../../store/comments.js';
import type { User } from '../../../store/users.js';
import { CsrfField, NewsroomLayout } from '../layout.js';

type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

type CommentTab = ModerationTab;

/** `?status=`: a tab, 'held' when absent, undefined when unknown. */
export const parseCommentTab = (value: string | undefined): CommentTab | undefined =>
  value === undefined ? 'held' : MODERATION_TABS.find((t) => t === value);

const TAB_LABEL: Record<CommentTab, string> = { held: 'Held', visible: 'Visible', rejected: 'Rejected', blocked: 'Blocked' };
const EMPTY: Record<CommentTab, string> = {
  held: 'No comments are waiting for approval.',
  visible: 'No visible comments.',
  rejected: 'No rejected comments.',
  blocked: 'Nobody is blocked.',
};

/** Done-messages by code, as the rest of the newsroom does: the redirect carries a code, never text. */
const DONE: Record<string, string> = {
  approve: 'Approved: the comment is on the article page.',
  reject: 'Rejected: the comment is hidden from readers.',
  delete: 'Deleted, with any replies to it.',
  block: 'Blocked: new comments from this writer will be refused. This comment is rejected.',
  unblock: 'The block is lifted.',
};
export const moderationNotice = (done: string | undefined): Notice => (done && Object.hasOwn(DONE, done) ? { kind: 'ok', text: DONE[done]! } : undefined);

function Action(props: { csrfToken: string; id: number; action: string; tab: CommentTab; label: string; primary?: boolean }) {
  return (
    <form method="post" action={`/newsroom/comments/${props.id}/${props.action}`} class="nr-inline-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="tab" value={props.tab} />
      <button type="submit" class={props.primary ? 'primary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

function QueuedCommentCard(props: { config: Config; csrfToken: string; tab: CommentTab; comment: QueuedComment }) {
  const c = props.comment;
  return (
    <li class="nr-card nr-comment" id={`comment-${c.id}`}>
      <p class="nr-comment-article">
        On{' '}
        <a href={`${articlePath(c.article)}#comments`} target="_blank" rel="noopener">
          {c.article.headline}
        </a>
        {c.parentId !== null && <span class="nr-muted"> · a reply to comment {c.parentId}</span>}
      </p>
      <p class="nr-comment-meta">
        <strong class="nr-comment-name">{c.authorName}</strong>
        {' · '}
        {c.authorEmail ? (
          <a class="nr-comment-email" href={`mailto:${c.authorEmail}`}>
            {c.authorEmail}
          </a>
        ) : (
          <span class="nr-muted">no e-mail</span>
        )}
        {' · '}
        <time datetime={c.createdAt}>{formatDateTime(c.createdAt, props.config.timeZone)}</time>
        {c.moderatedAt && (
          <span class="nr-muted">
            {' · '}moderated <time datetime={c.moderatedAt}>{formatDateTime(c.moderatedAt, props.config.timeZone)}</time>
          </span>
        )}
      </p>
      <blockquote class="nr-comment-body">{c.body}</blockquote>
      <div class="nr-comment-actions">
        {c.status !== 'visible' && <Action csrfToken={props.csrfToken} id={c.id} action="approve" tab={props.tab} label="Approve" primary />}
        {c.status !== 'rejected' && <Action csrfToken={props.csrfToken} id={c.id} action="reject" tab={props.tab} label="Reject" />}
        <Action csrfToken={props.csrfToken} id={c.id} action="delete" tab={props.tab} label="Delete" />
        <form method="post" action={`/newsroom/comments/${c.id}/block`} class="nr-inline-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="tab" value={props.tab} />
          <select name="scope" aria-label={`What to block of ${c.authorName}`}>
            <option value="both">e-mail and address</option>
            <option value="email">e-mail only</option>
            <option value="ip">address only</option>
          </select>
          <button type="submit">Block</button>
        </form>
      </div>
    </li>
  );
}

function BlocksTable(props: { config: Config; csrfToken: string; blocks: CommentBlock[] }) {
  return (
    <table class="nr-table">
      <thead>
        <tr>
          <th scope="col">Blocked</th>
          <th scope="col">Since</th>
          <th scope="col">
            <span class="nr-visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.blocks.map((b) => (
          <tr>
            <td>{b.kind === 'email' ? b.value : <span title={b.value}>an address (#{b.value.slice(0, 10)})</span>}</td>
            <td>
              <time datetime={b.createdAt}>{formatDateTime(b.createdAt, props.config.timeZone)}</time>
            </td>
            <td>
              <form method="post" action={`/newsroom/comments/blocks/${b.id}/delete`} class="nr-inline-form">
                <CsrfField token={props.csrfToken} />
                <button type="submit">Unblock</button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface CommentsQueuePageProps {
  config: Config;
  user: User;
  csrfToken: string;
  queue: ModerationQueue;
  notice?: Notice;
}

/** The moderation queue: held, visible and rejected comments newest first, and the blocked writers. */
export function CommentsQueuePage(props: CommentsQueuePageProps) {
  const { tab, counts, comments, blocks } = props.queue;
  const count = (t: CommentTab) => (t === 'blocked' ? undefined : counts[t]);
  const isEmpty = tab === 'blocked' ? blocks.length === 0 : comments.length === 0;
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="Comments" current="comments" notice={props.notice}>
      <h1>Comments</h1>
      <nav class="nr-filters" aria-label="Comments by status">
        {MODERATION_TABS.map((t) => (
          <a href={`/newsroom/comments?status=${t}`} aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABEL[t]}
            {count(t) !== undefined && ` (${count(t)})`}
          </a>
        ))}
      </nav>
      {isEmpty ? (
        <p class="nr-empty">{EMPTY[tab]}</p>
      ) : tab === 'blocked' ? (
        <BlocksTable config={props.config} csrfToken={props.csrfToken} blocks={blocks} />
      ) : (
        <ol class="nr-comments">
          {comments.map((c) => (
            <QueuedCommentCard config={props.config} csrfToken={props.csrfToken} tab={tab} comment={c} />
          ))}
        </ol>
      )}
    </NewsroomLayout>
  );
}
