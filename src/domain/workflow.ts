import type { ArticleStatus } from './article.js';
import { AppError } from './errors.js';

/** A workflow step: what the newsroom does to an article's state. */
export type Transition = 'submit' | 'publish' | 'schedule' | 'unpublish' | 'return_to_draft';

/**
 * draft → in review → scheduled or published → unpublished; an editor may publish or schedule
 * from draft directly, and an unpublished article can be published again.
 */
const ALLOWED: Record<Transition, readonly ArticleStatus[]> = {
  submit: ['draft'],
  publish: ['draft', 'in_review', 'scheduled', 'unpublished'],
  schedule: ['draft', 'in_review', 'unpublished', 'scheduled'],
  unpublish: ['published', 'scheduled'],
  return_to_draft: ['in_review', 'unpublished'],
};

const TARGET: Record<Transition, ArticleStatus> = {
  submit: 'in_review',
  publish: 'published',
  schedule: 'scheduled',
  unpublish: 'unpublished',
  return_to_draft: 'draft',
};

/** The state after a transition; throws `conflict` when the article's state does not allow it. */
export function nextStatus(current: ArticleStatus, transition: Transition): ArticleStatus {
  if (!ALLOWED[transition].includes(current)) {
    throw new AppError('conflict', `An article that is ${current.replace('_', ' ')} cannot be ${PAST[transition]}.`);
  }
  return TARGET[transition];
}

const PAST: Record<Transition, string> = {
  submit: 'submitted for review',
  publish: 'published',
  schedule: 'scheduled',
  unpublish: 'unpublished',
  return_to_draft: 'returned to draft',
};
