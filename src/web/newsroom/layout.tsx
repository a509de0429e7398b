import type { Child } from 'hono/jsx';
import { faviconPath } from '../site/assets.js';
import type { Config } from '../../config.js';
import { can } from '../../domain/policies.js';
import type { User } from '../../store/users.js';
import { newsroomStylesheetPath } from './assets.js';

export interface NewsroomPageProps {
  config: Config;
  user?: User | undefined;
  csrfToken?: string | undefined;
  title: string;
  /** A one-line notice shown above the page (a done action or an error). */
  notice?: { kind: 'ok' | 'error'; text: string } | undefined;
  current?: string;
  head?: Child;
  children: Child;
}

/** The CSRF token as a hidden field, for every newsroom form that changes something. */
export const CsrfField = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

export function NewsroomLayout(props: NewsroomPageProps) {
  const { user } = props;
  const link = (href: string, label: string, key: string) => (
    <a href={href} aria-current={props.current === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        {props.csrfToken && <meta name="csrf-token" content={props.csrfToken} />}
        <title>{`${props.title} · ${props.config.siteName} newsroom`}</title>
        <link rel="icon" href={faviconPath()} type="image/svg+xml" />
        <link rel="stylesheet" href={newsroomStylesheetPath()} />
        {props.head}
      </head>
      <body class="newsroom">
        <header class="nr-bar">
          <a class="nr-brand" href="/newsroom">
            {props.config.siteName} <span>newsroom</span>
          </a>
          {user && (
            <nav class="nr-nav" aria-label="Newsroom">
              {link('/newsroom', 'Dashboard', 'dashboard')}
              {link('/newsroom/articles', 'Articles', 'articles')}
              {can(user, 'wire.view') && link('/newsroom/wire', 'Wire desk', 'wire')}
              {can(user, 'media.upload') && link('/newsroom/media', 'Media', 'media')}
              {can(user, 'people.manage') && link('/newsroom/people', 'People', 'people')}
              {can(user, 'comments.moderate') && link('/newsroom/comments', 'Comments', 'comments')}
              {can(user, 'settings.manage') && link('/newsroom/settings', 'Settings', 'settings')}
              {link('/newsroom/profile', user.name, 'profile')}
              <a href="/" target="_blank" rel="noopener">
                View site
              </a>
              <form method="post" action="/newsroom/sign-out" class="inline">
                <CsrfField token={props.csrfToken ?? ''} />
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            </nav>
          )}
        </header>
        <main class="nr-main" id="main">
          {props.notice && (
            <p class={`nr-notice nr-${props.notice.kind}`} role={props.notice.kind === 'error' ? 'alert' : 'status'}>
              {props.notice.text}
            </p>
          )}
          {props.children}
        </main>
      </body>
    </html>
  );
}
