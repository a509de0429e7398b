import type { ArticleStatus } from './article.js';
import { AppError } from './errors.js';

/** Newsroom roles, from most to least trusted. */
export const ROLES = ['admin', 'editor', 'writer', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
}

export type Action =
  | 'article.create'
  | 'article.edit'
  | 'article.submit'
  | 'article.publish'
  | 'article.schedule'
  | 'article.unpublish'
  | 'article.correct'
  | 'article.restore'
  | 'article.view'
  | 'media.upload'
  | 'wire.view'
  | 'comments.moderate'
  | 'people.manage'
  | 'settings.manage';

/** The article facts a decision needs. */
export interface ArticleFacts {
  status: ArticleStatus;
  createdBy: string | null;
}

const EDITORIAL = new Set<Role>(['admin', 'editor']);
/** States in which a writer or contributor may still change their own copy. */
const AUTHOR_EDITABLE = new Set<ArticleStatus>(['draft', 'in_review']);

/**
 * Who may do what. Writers and contributors write (their own copy, until it is published);
 * only editors and admins publish, schedule, unpublish and correct; admins manage people and settings.
 */
export function can(actor: Actor, action: Action, article?: ArticleFacts): boolean {
  const editorial = EDITORIAL.has(actor.role);
  const own = article !== undefined && article.createdBy === actor.id;
  switch (action) {
    case 'article.create':
      return true;
    case 'article.view':
    case 'article.edit':
    case 'article.submit':
      if (editorial) return true;
      if (!article || !own) return false;
      return action === 'article.view' || AUTHOR_EDITABLE.has(article.status);
    case 'article.publish':
    case 'article.schedule':
    case 'article.unpublish':
    case 'article.correct':
    case 'article.restore':
    case 'wire.view':
    case 'comments.moderate':
      return editorial;
    case 'media.upload':
      return actor.role !== 'contributor';
    case 'people.manage':
    case 'settings.manage':
      return actor.role === 'admin';
  }
}

/** Throws `forbidden` with a message naming the action when the actor may not do it. */
export function authorize(actor: Actor, action: Action, article?: ArticleFacts): void {
  if (!can(actor, action, article)) {
    throw new AppError('forbidden', `Your role (${actor.role}) may not ${ACTION_WORDS[action]}.`);
  }
}

const ACTION_WORDS: Record<Action, string> = {
  'article.create': 'create articles',
  'article.edit': 'edit this article',
  'article.submit': 'submit this article for review',
  'article.publish': 'publish articles',
  'article.schedule': 'schedule articles',
  'article.unpublish': 'unpublish articles',
  'article.correct': 'add corrections',
  'article.restore': 'restore old revisions',
  'article.view': 'open this article',
  'media.upload': 'upload media',
  'wire.view': 'open the wire desk',
  'comments.moderate': 'moderate comments',
  'people.manage': 'manage people',
  'settings.manage': 'change settings',
};
