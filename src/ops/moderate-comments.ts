import type { AppContext } from '../context.js';
import { AppError } from '../domain/errors.js';
import { authorize, type Actor } from '../domain/policies.js';
import type { CommentBlock, CommentStatus, QueuedComment } from '../store/comments.js';

export const MODERATION_ACTIONS = ['approve', 'reject', 'delete', 'block'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** What a block covers: the commenter's e-mail, their address (as its hash), or both. */
export const BLOCK_SCOPES = ['both', 'email', 'ip'] as const;
export type BlockScope = (typeof BLOCK_SCOPES)[number];

/** The queue's tabs: comments by status, and the blocked writers. */
export const MODERATION_TABS = ['held', 'visible', 'rejected', 'blocked'] as const;
export type ModerationTab = (typeof MODERATION_TABS)[number];

export interface ModerationQueue {
  tab: ModerationTab;
  /** The tab's comments, newest first (none on the blocked tab). */
  comments: QueuedComment[];
  /** The blocks, newest first (on the blocked tab only). */
  blocks: CommentBlock[];
  counts: Record<CommentStatus, number>;
}

/** One tab of the moderation queue. */
export async function listModerationQueue(ctx: AppContext, actor: Actor, tab: ModerationTab, limit = 200): Promise<ModerationQueue> {
  authorize(actor, 'comments.moderate');
  const { comments: store } = ctx.store;
  const [comments, blocks, counts] = await Promise.all([
    tab === 'blocked' ? [] : store.listByStatus(tab, { limit }),
    tab === 'blocked' ? store.listBlocks() : [],
    store.countByStatus(),
  ]);
  return { tab, comments, blocks, counts };
}

/**
 * Approves, rejects or deletes a comment (deleting takes its replies too), or blocks its writer: the block
 * covers `scope` and rejects the comment. Blocked writers' new comments are refused when posted.
 */
export async function moderateComment(ctx: AppContext, actor: Actor, commentId: number, action: ModerationAction, opts: { scope?: BlockScope } = {}): Promise<void> {
  authorize(actor, 'comments.moderate');
  const by = { actor: actor.id, at: ctx.now().toISOString() };
  await ctx.store.transaction(async (store) => {
    const comment = await store.comments.getById(commentId);
    if (!comment) throw new AppError('not_found', `There is no comment ${commentId}; it may have been deleted.`);
    switch (action) {
      case 'approve':
        return store.comments.setStatus(comment, 'visible', by);
      case 'reject':
        return store.comments.setStatus(comment, 'rejected', by);
      case 'delete':
        return store.comments.deleteWithReplies(comment);
      case 'block': {
        const scope = opts.scope ?? 'both';
        const blocks = [
          ...(scope !== 'ip' && comment.authorEmail ? [['email', comment.authorEmail] as const] : []),
          ...(scope !== 'email' && comment.ipHash ? [['ip', comment.ipHash] as const] : []),
        ];
        if (blocks.length === 0) throw new AppError('invalid_input', `Comment ${commentId} has no ${scope === 'both' ? 'e-mail or address' : scope === 'ip' ? 'address' : 'e-mail'} to block.`);
        for (const [kind, value] of blocks) await store.comments.addBlock(kind, value, by);
        return store.comments.setStatus(comment, 'rejected', by);
      }
    }
  });
}

export async function removeCommentBlock(ctx: AppContext, actor: Actor, blockId: number): Promise<void> {
  authorize(actor, 'comments.moderate');
  if (!(await ctx.store.comments.removeBlock(blockId))) throw new AppError('not_found', `There is no block ${blockId}; it may have been lifted already.`);
}
