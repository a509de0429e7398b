import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../domain/errors.js';
import type { Comment } from '../store/comments.js';

export const commentInputSchema = z.object({
  name: z.string().trim().min(1, 'Please give your name.').max(80, 'Your name can be at most 80 characters.'),
  body: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v),
    z.string().trim().min(1, 'Please write a comment.').max(5000, 'A comment can be at most 5,000 characters.'),
  ),
});

/** Stores a reader's comment on a published article; it is committed when this returns. */
export async function postComment(ctx: AppContext, articleId: string, input: unknown): Promise<Comment> {
  const parsed = commentInputSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('invalid_input', first?.message ?? 'Invalid comment.', {
      issues: parsed.error.issues.map((i) => ({ where: String(i.path[0] ?? 'comment'), message: i.message })),
    });
  }
  const article = await ctx.store.articles.getById(articleId);
  if (!article || article.status !== 'published') throw new AppError('not_found', 'That article is not published.');
  return ctx.store.comments.add({
    articleId,
    authorName: parsed.data.name,
    body: parsed.data.body,
    status: 'visible',
    createdAt: ctx.now().toISOString(),
  });
}
