import { html } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../config.js';
import { formatDateTime } from '../../domain/dates.js';
import { MAX_LINKS, type CommentOrder, type CommentThread, type CommentsView } from '../../ops/post-comment.js';
import { AppError } from '../../domain/errors.js';
import type { PublicComment } from '../../store/comments.js';

/** `?comments=newest|oldest`; anything else reads as the default, oldest first. */
export const parseCommentOrder = (value: string | undefined): CommentOrder => (value === 'newest' ? 'newest' : 'oldest');

/** `?comments_page=N`: 1 when absent; anything but a whole number from 1 is a clear 400. */
export function parseCommentsPage(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new AppError('invalid_input', `comments_page: must be a whole number from 1, got "${value}"`);
  return Number(value);
}

/** `?replyTo=ID`, or undefined when it is not a comment id. */
export const parseReplyTo = (value: string | undefined): number | undefined => (value && /^\d{1,12}$/.test(value) ? Number(value) : undefined);

export interface CommentFormState {
  /** What the reader typed, shown again after a refusal; `parentId` is the comment they were replying to. */
  values?: { name: string; email?: string; body: string; parentId?: string };
  error?: string;
  notice?: string;
}

/**
 * The comments and the form are written with Hono's `html` template (which escapes every value, as
 * JSX does) rather than JSX: an article page shows dozens of comments, and JSX elements cost about
 * half of the page's render time (measured on 100,000 articles).
 *
 * One comment's meta line, paragraphs and reply link.
 */
function commentItem(config: Config, c: PublicComment, replyHref?: string): HtmlEscapedString {
  return html`<p class="comment-meta"><strong>${c.authorName}</strong> <time datetime="${c.createdAt}">${formatDateTime(c.createdAt, config.timeZone)}</time></p>${c.body
    .split(/\n{2,}/)
    .map((para) => html`<p class="comment-text">${para}</p>`)}${replyHref ? html`<p class="comment-actions"><a class="comment-reply-link" href="${replyHref}">Reply</a></p>` : ''}` as HtmlEscapedString;
}

/** The threads as an ordered list, replies nested one level. */
function commentList(config: Config, threads: readonly CommentThread[], replyHref: (c: PublicComment) => string | undefined): HtmlEscapedString {
  return html`<ol class="comment-list">${threads.map(
    (t) =>
      html`<li id="comment-${t.comment.id}" class="comment">${commentItem(config, t.comment, replyHref(t.comment))}${
        t.replies.length > 0
          ? html`<ol class="comment-replies">${t.replies.map((r) => html`<li id="comment-${r.id}" class="comment comment-reply">${commentItem(config, r)}</li>`)}</ol>`
          : ''
      }</li>`,
  )}</ol>` as HtmlEscapedString;
}

/** What the article page passes for its comments. */
export interface ArticleComments {
  view: CommentsView;
  order: CommentOrder;
  /** The comment named by `?replyTo=`; ignored unless it is a shown, top-level comment. */
  replyTo?: number | undefined;
}

export interface CommentsSectionProps extends ArticleComments {
  config: Config;
  articlePath: string;
  form: CommentFormState;
}

/** The comments under an article: threads, sort links, and the "New comment:" form (or a closed notice). */
export function commentsSection(props: CommentsSectionProps): HtmlEscapedString {
  const { config, view, order, form } = props;
  const { threads, page, pageCount } = view;
  const orderQuery = order === 'newest' ? 'comments=newest&' : '';
  const pageQuery = page > 1 ? `comments_page=${page}&` : '';
  // A page of comments, in the reader's order; the first page is the article's own address.
  const pageHref = (n: number, anchor = 'comments') => {
    const query = `${orderQuery}${n > 1 ? `comments_page=${n}` : ''}`.replace(/&$/, '');
    return `${props.articlePath}${query ? `?${query}` : ''}#${anchor}`;
  };
  const replyParam = form.values?.parentId !== undefined ? parseReplyTo(form.values.parentId) : props.replyTo;
  const replyTo = replyParam === undefined ? undefined : threads.find((t) => t.comment.id === replyParam)?.comment;
  const pages =
    pageCount > 1
      ? html`<nav class="comment-pages" aria-label="Pages of comments">${page > 1 ? html`<a rel="prev" href="${pageHref(page - 1)}">Previous comments</a> ` : ''}<span>Page ${page} of ${pageCount}</span>${
          page < pageCount ? html` <a rel="next" href="${pageHref(page + 1)}">More comments</a>` : ''
        }</nav>`
      : '';
  const error = form.error ? html`<p class="error" role="alert">${form.error}</p>` : '';

  return html`<section class="comments" id="comments" aria-labelledby="comments-title"><h2 id="comments-title">Comments (${view.commentCount})</h2>${
    view.threadCount > 1
      ? html`<p class="comment-sort">Sort: <a href="${props.articlePath}#comments"${order === 'oldest' ? html` aria-current="true"` : ''}>oldest first</a> | <a href="${
          props.articlePath
        }?comments=newest#comments"${order === 'newest' ? html` aria-current="true"` : ''}>newest first</a></p>`
      : ''
  }${threads.length > 0 ? commentList(config, threads, (c) => (view.isClosed ? undefined : `${props.articlePath}?${orderQuery}${pageQuery}replyTo=${c.id}#comment-form`)) : ''}${pages}${
    view.isClosed
      ? html`<p class="comments-closed">Comments are closed.</p>${error}`
      : html`<form class="comment-form" method="post" action="${props.articlePath}/comments" id="comment-form"><h3>New comment:</h3>${
          form.notice ? html`<p class="notice" role="status">${form.notice}</p>` : ''
        }${error}${
          replyTo
            ? html`<p class="comment-replying">Replying to <strong>${replyTo.authorName}</strong> (<a href="${pageHref(page, 'comment-form')}">cancel</a>)<input type="hidden" name="parent_id" value="${String(replyTo.id)}"/></p>`
            : ''
        }<p><label for="comment-name">Name</label><input id="comment-name" name="name" required="" maxlength="80" autocomplete="name" value="${
          form.values?.name ?? ''
        }"/></p><p><label for="comment-email">E-mail</label><input id="comment-email" name="email" type="email" required="" maxlength="254" autocomplete="email" aria-describedby="comment-email-hint" value="${
          form.values?.email ?? ''
        }"/><small id="comment-email-hint" class="hint">Never shown; only for the moderators.</small></p><p><label for="comment-body">Comment</label><textarea id="comment-body" name="body" required="" maxlength="5000" rows="5">${
          form.values?.body ?? ''
        }</textarea></p><p class="comment-hp" aria-hidden="true"><label for="comment-website">Leave this field empty</label><input id="comment-website" name="website" tabindex="-1" autocomplete="off" value=""/></p><input type="hidden" name="t" value="${
          view.stamp
        }"/><p><button type="submit">Post comment</button></p><p class="hint">Plain text, at most ${MAX_LINKS} links. ${
          view.isPremoderated ? 'Comments appear once a moderator has approved them.' : `${config.siteName} editors remove comments that break the rules.`
        }</p></form>`
  }</section>` as HtmlEscapedString;
}

/** The notice for `?commented=` after a post: a code, never text a link could forge. */
export function commentedNotice(code: string | undefined): string | undefined {
  if (code === '1') return 'Thank you: your comment is published below.';
  if (code === 'held') return 'Thank you: your comment is held for moderation. It will appear once a moderator has approved it.';
  return undefined;
}
