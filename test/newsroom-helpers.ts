import { createUser } from '../src/ops/people.js';
import type { Role } from '../src/domain/policies.js';
import type { StoredArticle } from '../src/store/articles.js';
import type { TestServer } from './helpers.js';

export const PASSWORD = 'correct horse battery';

export interface Client {
  cookie: string;
  csrf: string;
  userId: string;
  get: (path: string) => Promise<Response>;
  post: (path: string, form?: Record<string, string>, opts?: { csrf?: boolean }) => Promise<Response>;
  put: (path: string, json: unknown) => Promise<Response>;
}

/** Adds a person with the role and signs them in over HTTP; the client sends their cookie and CSRF token. */
export async function signedIn(server: TestServer, role: Role, name = `${role[0]!.toUpperCase()}${role.slice(1)} Person`): Promise<Client> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`;
  const user = await createUser(server.ctx, { email, name, role, password: PASSWORD });
  const res = await fetch(`${server.url}/newsroom/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, next: '/newsroom' }),
  });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const dash = await (await fetch(`${server.url}/newsroom`, { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(dash)?.[1] ?? '';
  const client: Client = {
    cookie,
    csrf,
    userId: user.id,
    get: (path) => fetch(server.url + path, { headers: { cookie }, redirect: 'manual' }),
    post: (path, form = {}, opts = {}) =>
      fetch(server.url + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(opts.csrf === false ? form : { _csrf: csrf, ...form }),
      }),
    put: (path, json) =>
      fetch(server.url + path, {
        method: 'PUT',
        headers: { cookie, origin: server.url, 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(json),
      }),
  };
  return client;
}

/** Saves a stored article through the editor's JSON API as it stands, with the fields given changed. */
export function saveThroughEditor(client: Client, article: StoredArticle, changes: Record<string, unknown> = {}): Promise<Response> {
  return client.put(`/newsroom/api/articles/${article.id}`, {
    expectedRevision: article.revision,
    headline: article.headline,
    standfirst: article.standfirst ?? '',
    section: article.section,
    tags: article.tags,
    dateline: article.dateline,
    bylines: article.bylines,
    body: article.body,
    keyPoints: article.keyPoints,
    seo: { title: '', description: '', image: '' },
    ...changes,
  });
}
