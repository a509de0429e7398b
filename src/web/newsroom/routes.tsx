import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppContext } from '../../context.js';
import { z } from 'zod';
import { ARTICLE_STATUSES, blockSchema, type ArticleStatus } from '../../domain/article.js';
import { AppError, isAppError } from '../../domain/errors.js';
import { suggestKeyPoints } from '../../domain/key-points.js';
import { authorize } from '../../domain/policies.js';
import type { Transition } from '../../domain/workflow.js';
import { addCorrection, createDraft, openArticle, restoreRevision, saveArticle, transitionArticle } from '../../ops/edit-article.js';
import { createFirstAdmin, createUser, setDisabled, setRole, updateProfile } from '../../ops/people.js';
import { changePassword, hashToken, signIn } from '../../ops/sessions.js';
import { clientIp } from '../client-ip.js';
import { STATUS_BY_CODE } from '../errors.js';
import { editorBundle, editorScriptPath, newsroomStylesheet, newsroomStylesheetPath } from './assets.js';
import { clearSessionCookie, requireCsrfToken, requireSession, SESSION_COOKIE, setSessionCookie, type NewsroomEnv } from './auth.js';
import { formToArticleEdit } from './edit-form.js';
import { DashboardPage } from './pages/dashboard.js';
import { EditArticlePage } from './pages/edit-article.js';
import { ArticlesPage, WireDeskPage } from './pages/lists.js';
import { PeoplePage, ProfilePage } from './pages/people.js';
import { ComparePage, RevisionsPage } from './pages/revisions.js';
import { SetupPage, SignInPage } from './pages/sign-in.js';
import { MediaPage } from './pages/media.js';
import { bodyLimit } from 'hono/body-limit';
import type { MediaItem } from '../../store/media.js';
import { mediaUrl } from '../site/media-routes.js';
import { BLOCK_SCOPES, listModerationQueue, moderateComment, removeCommentBlock, type ModerationAction } from '../../ops/moderate-comments.js';
import { getSiteSettings, updateSiteSettings } from '../../ops/site-settings.js';
import { CommentsQueuePage, moderationNotice, parseCommentTab } from './pages/comments.js';
import { SettingsPage, settingsFormValues, settingsNotice } from './pages/settings.js';

const html = async (node: JSX.Element): Promise<string> => `<!DOCTYPE html>${await node.toString()}`;

/** Done-messages by code: the redirect carries a code, never text a link could forge. */
const DONE: Record<string, string> = {
  saved: 'Saved.',
  submit: 'Submitted for review.',
  publish: 'Published.',
  schedule: 'Scheduled.',
  unpublish: 'Unpublished.',
  return_to_draft: 'Returned to draft.',
  correction: 'The note is on the article page.',
  restored: 'The old revision is restored as a new revision.',
  profile: 'Profile saved.',
  password: 'Password changed.',
  person: 'Person added.',
  role: 'Role changed.',
  account: 'Account updated.',
  uploaded: 'Uploaded.',
};
type Notice = { kind: 'ok' | 'error'; text: string } | undefined;
const noticeFrom = (c: Context): Notice => {
  const done = c.req.query('done');
  return done && DONE[done] ? { kind: 'ok', text: DONE[done] } : undefined;
};
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/newsroom(\/|$|\?)/.test(next) ? next : '/newsroom');
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const suggestSchema = z.object({ headline: z.string().max(300).default(''), body: z.array(blockSchema).max(2000) });
const TRANSITIONS: readonly Transition[] = ['submit', 'publish', 'schedule', 'unpublish', 'return_to_draft'];

/** The back office at /newsroom: sign-in, the dashboard, the editor, workflow, people. */
export function newsroomRoutes(ctx: AppContext): Hono<NewsroomEnv> {
  const app = new Hono<NewsroomEnv>();
  const { config, store } = ctx;

  app.get(newsroomStylesheetPath().replace(/^\/newsroom/, ''), (c) =>
    c.body(new Uint8Array(newsroomStylesheet()), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' }),
  );
  app.get('/assets/:file{editor-[0-9a-f]+\\.js}', (c) => {
    const bundle = editorBundle();
    if (!bundle || c.req.path !== editorScriptPath()) throw new AppError('not_found', 'No such asset.');
    return c.body(new Uint8Array(bundle.body), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
  });

  // Signed-out pages.
  app.get('/setup', async (c) => {
    if ((await store.users.count()) > 0) return c.redirect('/newsroom/sign-in', 303);
    return c.html(html(<SetupPage config={config} />));
  });
  app.post('/setup', async (c) => {
    const form = await c.req.parseBody();
    const values = { email: str(form.email), name: str(form.name) };
    try {
      await createFirstAdmin(ctx, { ...values, password: str(form.password) });
    } catch (e) {
      if (isAppError(e) && e.code !== 'internal') return c.html(html(<SetupPage config={config} values={values} error={e.message} />), STATUS_BY_CODE[e.code]);
      throw e;
    }
    const { token } = await signIn(ctx, { email: values.email, password: str(form.password), ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
    setSessionCookie(c, ctx, token);
    return c.redirect('/newsroom', 303);
  });
  app.get('/sign-in', async (c) => {
    if ((await store.users.count()) === 0) return c.redirect('/newsroom/setup', 303);
    return c.html(html(<SignInPage config={config} next={safeNext(c.req.query('next'))} />));
  });
  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const email = str(form.email);
    const next = safeNext(form.next);
    try {
      const { token } = await signIn(ctx, { email, password: str(form.password), ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
      setSessionCookie(c, ctx, token);
      return c.redirect(next, 303);
    } catch (e) {
      if (isAppError(e) && (e.code === 'unauthorized' || e.code === 'rate_limited')) {
        return c.html(html(<SignInPage config={config} next={next} email={email} error={e.message} />), STATUS_BY_CODE[e.code]);
      }
      throw e;
    }
  });

  // Everything below needs a session, and a CSRF token for changes; bodies are bounded before anything reads them.
  const uploadLimit = bodyLimit({
    maxSize: 21 * 1024 * 1024,
    onError: () => {
      throw new AppError('invalid_input', 'The request is larger than 20 MB.');
    },
  });
  app.use('*', uploadLimit, requireSession(ctx), requireCsrfToken());

  const page = (c: Context<NewsroomEnv>) => ({ config, user: c.get('user'), csrfToken: c.get('session').csrfToken });

  app.post('/sign-out', async (c) => {
    await store.sessions.delete(c.get('session').idHash);
    clearSessionCookie(c);
    return c.redirect('/newsroom/sign-in', 303);
  });
  app.post('/sign-out-everywhere', async (c) => {
    await store.sessions.deleteForUser(c.get('user').id);
    clearSessionCookie(c);
    return c.redirect('/newsroom/sign-in', 303);
  });

  app.get('/', async (c) => {
    const user = c.get('user');
    const [mine, inReview, scheduled, published, wire] = await Promise.all([
      store.articles.listAll({ limit: 20, status: 'draft', createdBy: user.id }),
      store.articles.listAll({ limit: 20, status: 'in_review' }),
      store.articles.listAll({ limit: 20, status: 'scheduled' }),
      store.articles.listAll({ limit: 10, status: 'published' }),
      store.articles.listAll({ limit: 1000, status: 'draft', origin: 'wire' }),
    ]);
    return c.html(html(<DashboardPage {...page(c)} mine={mine} inReview={inReview} scheduled={scheduled} published={published} wireCount={wire.length} />));
  });

  app.get('/articles', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !ARTICLE_STATUSES.includes(status as ArticleStatus)) {
      throw new AppError('invalid_input', `status: "${status}" is not one of ${ARTICLE_STATUSES.join(', ')}.`);
    }
    const user = c.get('user');
    const editorial = user.role === 'admin' || user.role === 'editor';
    const articles = await store.articles.listAll({
      limit: 200,
      ...(status && { status: status as ArticleStatus }),
      ...(!editorial && { createdBy: user.id }),
    });
    return c.html(html(<ArticlesPage {...page(c)} articles={articles} status={status as ArticleStatus | undefined} />));
  });

  app.post('/articles', async (c) => {
    const article = await createDraft(ctx, c.get('user'));
    return c.redirect(`/newsroom/articles/${article.id}`, 303);
  });

  app.get('/wire', async (c) => {
    authorize(c.get('user'), 'wire.view');
    const inbox = await store.articles.listAll({ limit: 200, status: 'draft', origin: 'wire' });
    return c.html(html(<WireDeskPage {...page(c)} inbox={inbox} />));
  });

  const renderEdit = async (c: Context<NewsroomEnv>, id: string, notice = noticeFrom(c)) => {
    const article = await openArticle(ctx, c.get('user'), id);
    const [corrections, staff] = await Promise.all([store.corrections.listForArticle(id), store.users.list()]);
    return html(<EditArticlePage {...page(c)} article={article} corrections={corrections} staff={staff.filter((s) => !s.disabledAt)} notice={notice} />);
  };

  app.get('/articles/:id', async (c) => c.html(await renderEdit(c, c.req.param('id'))));

  // The save without script: the same payload, built from the form.
  app.post('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const entries = Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string');
    try {
      await saveArticle(ctx, c.get('user'), id, formToArticleEdit(entries));
    } catch (e) {
      if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'conflict')) {
        return c.html(await renderEdit(c, id, { kind: 'error', text: e.message }), STATUS_BY_CODE[e.code]);
      }
      throw e;
    }
    return c.redirect(`/newsroom/articles/${id}?done=saved`, 303);
  });

  app.post('/articles/:id/workflow', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const intent = str(form.intent) as Transition;
    if (!TRANSITIONS.includes(intent)) throw new AppError('invalid_input', `intent: "${str(form.intent)}" is not a workflow step.`);
    try {
      await transitionArticle(ctx, c.get('user'), id, intent, { at: str(form.at) });
    } catch (e) {
      if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'conflict')) {
        return c.html(await renderEdit(c, id, { kind: 'error', text: e.message }), STATUS_BY_CODE[e.code]);
      }
      throw e;
    }
    return c.redirect(`/newsroom/articles/${id}?done=${intent}`, 303);
  });

  app.post('/articles/:id/corrections', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    await addCorrection(ctx, c.get('user'), id, { kind: str(form.kind), text: str(form.text) });
    return c.redirect(`/newsroom/articles/${id}?done=correction`, 303);
  });

  app.get('/articles/:id/revisions', async (c) => {
    const article = await openArticle(ctx, c.get('user'), c.req.param('id'));
    const revisions = await store.articles.revisions(article.id);
    const people = new Map((await store.users.getByIds([...new Set(revisions.map((r) => r.actor).filter((a): a is string => !!a))])).map((u) => [u.id, u.name]));
    const rows = revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt, actorName: (r.actor && people.get(r.actor)) ?? r.actor ?? 'import' }));
    return c.html(html(<RevisionsPage {...page(c)} article={article} revisions={rows} />));
  });

  app.get('/articles/:id/compare', async (c) => {
    const article = await openArticle(ctx, c.get('user'), c.req.param('id'));
    const [a, b] = [Number(c.req.query('a')), Number(c.req.query('b'))];
    const [ra, rb] = await Promise.all([store.articles.getRevision(article.id, a), store.articles.getRevision(article.id, b)]);
    if (!ra || !rb) throw new AppError('invalid_input', `a, b: choose two revisions between 1 and ${article.revision}.`);
    return c.html(html(<ComparePage {...page(c)} article={article} a={ra} b={rb} />));
  });

  app.post('/articles/:id/restore', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    await restoreRevision(ctx, c.get('user'), id, Number(str(form.revision)));
    return c.redirect(`/newsroom/articles/${id}?done=restored`, 303);
  });

  // People and profile.
  app.get('/people', async (c) => {
    authorize(c.get('user'), 'people.manage');
    return c.html(html(<PeoplePage {...page(c)} people={await store.users.list()} notice={noticeFrom(c)} />));
  });
  app.post('/people', async (c) => {
    const form = await c.req.parseBody();
    try {
      await createUser(ctx, { email: str(form.email), name: str(form.name), role: str(form.role), password: str(form.password) }, c.get('user'));
    } catch (e) {
      if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'conflict')) {
        return c.html(html(<PeoplePage {...page(c)} people={await store.users.list()} notice={{ kind: 'error', text: e.message }} />), STATUS_BY_CODE[e.code]);
      }
      throw e;
    }
    return c.redirect('/newsroom/people?done=person', 303);
  });
  app.post('/people/:id/role', async (c) => {
    const form = await c.req.parseBody();
    await setRole(ctx, c.get('user'), c.req.param('id'), str(form.role));
    return c.redirect('/newsroom/people?done=role', 303);
  });
  app.post('/people/:id/:change{enable|disable}', async (c) => {
    await setDisabled(ctx, c.get('user'), c.req.param('id'), c.req.param('change') === 'disable');
    return c.redirect('/newsroom/people?done=account', 303);
  });

  const renderProfile = async (c: Context<NewsroomEnv>, notice = noticeFrom(c)) => {
    const user = (await store.users.getById(c.get('user').id)) ?? c.get('user');
    const sessions = await store.sessions.listForUser(user.id);
    return html(<ProfilePage {...page(c)} user={user} sessions={sessions} currentSession={hashToken(getCookie(c, SESSION_COOKIE) ?? '')} notice={notice} />);
  };
  app.get('/profile', async (c) => c.html(await renderProfile(c)));
  app.post('/profile', async (c) => {
    const form = await c.req.parseBody();
    try {
      await updateProfile(ctx, c.get('user'), c.get('user').id, { name: str(form.name), bio: str(form.bio), location: str(form.location), photoUrl: str(form.photoUrl) });
    } catch (e) {
      if (isAppError(e) && e.code === 'invalid_input') return c.html(await renderProfile(c, { kind: 'error', text: e.message }), 400);
      throw e;
    }
    return c.redirect('/newsroom/profile?done=profile', 303);
  });
  app.post('/profile/password', async (c) => {
    const form = await c.req.parseBody();
    try {
      await changePassword(ctx, c.get('user').id, str(form.current), str(form.next));
    } catch (e) {
      if (isAppError(e) && e.code === 'invalid_input') return c.html(await renderProfile(c, { kind: 'error', text: e.message }), 400);
      throw e;
    }
    return c.redirect('/newsroom/profile?done=password', 303);
  });

  // Comment moderation and site settings.
  app.get('/comments', async (c) => {
    const tab = parseCommentTab(c.req.query('status'));
    if (!tab) throw new AppError('invalid_input', `status: "${c.req.query('status')}" is not one of held, visible, rejected, blocked.`);
    const queue = await listModerationQueue(ctx, c.get('user'), tab);
    return c.html(html(<CommentsQueuePage {...page(c)} queue={queue} notice={moderationNotice(c.req.query('done'))} />));
  });
  app.post('/comments/:id{[0-9]+}/:action{approve|reject|delete|block}', async (c) => {
    const form = await c.req.parseBody();
    const action = c.req.param('action') as ModerationAction;
    const scope = BLOCK_SCOPES.find((s) => s === form.scope) ?? 'both';
    await moderateComment(ctx, c.get('user'), Number(c.req.param('id')), action, { scope });
    return c.redirect(`/newsroom/comments?status=${parseCommentTab(str(form.tab)) ?? 'held'}&done=${action}`, 303);
  });
  app.post('/comments/blocks/:id{[0-9]+}/delete', async (c) => {
    await removeCommentBlock(ctx, c.get('user'), Number(c.req.param('id')));
    return c.redirect('/newsroom/comments?status=blocked&done=unblock', 303);
  });
  app.get('/settings', async (c) => {
    authorize(c.get('user'), 'settings.manage');
    const values = settingsFormValues(await getSiteSettings(ctx));
    return c.html(html(<SettingsPage {...page(c)} values={values} notice={settingsNotice(c.req.query('done'))} />));
  });
  app.post('/settings', async (c) => {
    const form = await c.req.parseBody();
    const values = { commentsMode: str(form.commentsMode), commentsCloseAfterDays: str(form.commentsCloseAfterDays), twitterHandle: str(form.twitterHandle) };
    try {
      await updateSiteSettings(ctx, c.get('user'), values);
    } catch (e) {
      if (isAppError(e) && e.code === 'invalid_input') return c.html(html(<SettingsPage {...page(c)} values={values} notice={{ kind: 'error', text: e.message }} />), 400);
      throw e;
    }
    return c.redirect('/newsroom/settings?done=settings', 303);
  });

  // The media library.
  const upload = async (c: Context<NewsroomEnv>): Promise<MediaItem> => {
    authorize(c.get('user'), 'media.upload');
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw new AppError('invalid_input', 'file: choose an image to upload.');
    // sharp (libvips) is big: loaded on the first upload, not at start.
    const { uploadMedia } = await import('../../ops/upload-media.js');
    return uploadMedia(ctx, {
      bytes: Buffer.from(await file.arrayBuffer()),
      originalName: file.name,
      alt: str(form.alt),
      caption: str(form.caption),
      credit: str(form.credit),
      uploadedBy: c.get('user').id,
    });
  };
  const mediaJson = (m: MediaItem) => ({ id: m.id, url: mediaUrl(m), alt: m.alt, caption: m.caption, credit: m.credit, width: m.width, height: m.height });

  app.get('/media', async (c) => {
    authorize(c.get('user'), 'media.upload');
    const q = c.req.query('q') ?? '';
    return c.html(html(<MediaPage {...page(c)} items={await store.media.list({ limit: 120, q })} q={q} notice={noticeFrom(c)} />));
  });
  app.post('/media', async (c) => {
    try {
      await upload(c);
    } catch (e) {
      if (isAppError(e) && e.code === 'invalid_input') {
        return c.html(html(<MediaPage {...page(c)} items={await store.media.list({ limit: 120 })} q="" notice={{ kind: 'error', text: e.message }} />), 400);
      }
      throw e;
    }
    return c.redirect('/newsroom/media?done=uploaded', 303);
  });
  app.get('/api/media', async (c) => {
    const items = await store.media.list({ limit: 60, q: c.req.query('q') ?? '' });
    return c.json({ items: items.map(mediaJson) });
  });
  app.post('/api/media', async (c) => c.json({ item: mediaJson(await upload(c)) }, 201));

  // The editor's JSON API.
  app.put('/api/articles/:id', async (c) => {
    const body = await c.req.json().catch(() => {
      throw new AppError('invalid_input', 'The request body is not JSON.');
    });
    try {
      const saved = await saveArticle(ctx, c.get('user'), c.req.param('id'), body);
      return c.json({ article: { id: saved.id, revision: saved.revision, updatedAt: saved.updatedAt, status: saved.status, slug: saved.slug } });
    } catch (e) {
      if (isAppError(e) && e.code === 'conflict') {
        const current = await store.articles.getById(c.req.param('id'));
        return c.json({ error: { code: e.code, message: e.message }, current: current && { revision: current.revision, updatedAt: current.updatedAt } }, 409);
      }
      if (isAppError(e) && e.code === 'invalid_input') return c.json({ error: { code: e.code, message: e.message, issues: e.issues } }, 400);
      throw e;
    }
  });

  app.post('/api/articles/:id/presence', async (c) => {
    const article = await openArticle(ctx, c.get('user'), c.req.param('id'));
    const now = ctx.now();
    await store.articles.touchPresence(article.id, c.get('user').id, now.toISOString());
    const others = await store.articles.othersPresent(article.id, c.get('user').id, new Date(now.getTime() - 60_000).toISOString());
    const people = await store.users.getByIds(others.map((o) => o.userId));
    return c.json({ others: others.map((o) => ({ name: people.find((p) => p.id === o.userId)?.name ?? 'Someone', seenAt: o.seenAt })) });
  });

  app.post('/api/key-points/suggest', async (c) => {
    const input = suggestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!input.success) throw new AppError('invalid_input', 'Send { headline, body } with the body as article blocks.');
    return c.json({ keyPoints: suggestKeyPoints(input.data.body, { headline: input.data.headline }) });
  });

  return app;
}
