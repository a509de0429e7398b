import { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppContext } from '../../context.js';
import { AppError, isAppError } from '../../domain/errors.js';
import { findSection } from '../../domain/sections.js';
import { loadArticleDerived } from '../../ops/article-derived.js';
import { commentPageOf, loadCommentsView, postComment, type CommentOrder } from '../../ops/post-comment.js';
import { countArticleView, listMostRead } from '../../ops/count-view.js';
import { searchArticles } from '../../ops/search-articles.js';
import type { StoredArticle } from '../../store/articles.js';
import { renderingFor, type SiteEnv } from '../rendering.js';
import { clientIp } from '../client-ip.js';
import { hitLimit, LIMITS } from '../../ops/rate-limits.js';
import { ArticlePage, type CommentFormState } from './article-page.js';
import { siteXAccount } from './share-links.js';
import { commentedNotice, parseCommentOrder, parseCommentsPage, parseReplyTo } from './comments.js';
import { faviconBody, faviconIco, faviconPath, stylesheetBody, stylesheetPath } from './assets.js';
import { HomePage } from './home-page.js';
import { MessagePage } from './not-found-page.js';
import { articlePath } from './paths.js';
import { AuthorPage } from './author-page.js';
import { SectionPage } from './section-page.js';
import { SearchPage } from './search-page.js';

/** The ?page= number of a list: a whole number from 1; anything else is a clear 400. */
function pageNumber(raw: string | undefined): number {
  const value = raw ?? '1';
  const page = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(page >= 1)) throw new AppError('invalid_input', `page: must be a whole number from 1, got "${value}"`);
  return page;
}

export const html = async (node: JSX.Element): Promise<string> => `<!DOCTYPE html>${await node.toString()}`;

/** The public site: home, section pages, article pages and the comment form. */
export function siteRoutes(base: AppContext): Hono<SiteEnv> {
  const app = new Hono<SiteEnv>();
  const { config } = base;

  app.get(stylesheetPath(), (c) =>
    c.body(new Uint8Array(stylesheetBody()), 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  app.get(faviconPath(), (c) =>
    c.body(new Uint8Array(faviconBody()), 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=31536000, immutable' }),
  );
  app.get('/favicon.ico', async (c) => c.body(new Uint8Array(await faviconIco()), 200, { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400' }));

  app.get('/', async (c) => {
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    // The latest eight and each section's four newest, in one read.
    const [latest = [], ...sectionLists] = await store.articles.listPublishedMany([{ limit: 8 }, ...config.sections.map((section) => ({ section: section.slug, limit: 4 }))]);
    const bySection = config.sections.map((section, i) => ({ section, articles: (sectionLists[i] ?? []).filter((a) => a.id !== latest[0]?.id) }));
    const mostRead = await listMostRead(ctx);
    return c.html(
      html(<HomePage config={config} now={ctx.now()} lead={latest[0]} topHeadlines={latest.slice(1, 6)} bySection={bySection} mostRead={mostRead} />),
    );
  });

  app.get('/search', async (c) => {
    const ctx = renderingFor(c, base);
    const { form, outcome } = await searchArticles(ctx, {
      q: c.req.query('q'),
      section: c.req.query('section'),
      from: c.req.query('from'),
      to: c.req.query('to'),
      page: c.req.query('page'),
    });
    return c.html(html(<SearchPage config={config} now={ctx.now()} form={form} outcome={outcome} />), outcome.kind === 'invalid' ? 400 : 200);
  });

  app.get('/:section', async (c, next) => {
    const section = findSection(config.sections, c.req.param('section'));
    if (!section || section.slug !== c.req.param('section')) return next();
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const page = pageNumber(c.req.query('page'));
    const total = await store.articles.countPublished({ section: section.slug });
    const pageCount = Math.max(1, Math.ceil(total / config.pageSize));
    if (page > pageCount) throw new AppError('not_found', `${section.name} has ${pageCount} page(s); there is no page ${page}.`);
    const articles = await store.articles.listPublished({ section: section.slug, limit: config.pageSize, offset: (page - 1) * config.pageSize });
    return c.html(html(<SectionPage config={config} now={ctx.now()} section={section} articles={articles} page={page} pageCount={pageCount} />));
  });

  const loadPublished = async (ctx: AppContext, sectionSlug: string, slug: string): Promise<StoredArticle> => {
    const article = await ctx.store.articles.getBySlug(slug);
    if (!article || article.status !== 'published' || article.section !== sectionSlug) {
      throw new AppError('not_found', 'There is no article at this address.');
    }
    return article;
  };

  /** The published article at an address, or where it moved to when the address is an old one (slug or section changed). */
  const findPublished = async (ctx: AppContext, sectionSlug: string, slug: string): Promise<{ article: StoredArticle } | { movedTo: string }> => {
    const { store } = ctx;
    const article = (await store.articles.getBySlug(slug)) ?? (await store.articles.getByOldSlug(slug));
    if (!article || article.status !== 'published') throw new AppError('not_found', 'There is no article at this address.');
    const path = articlePath(article);
    return path === `/${sectionSlug}/${slug}` ? { article } : { movedTo: path };
  };

  /**
   * The article page. `page` is a page of its comments (one past the last is a 404); `pageOf` asks instead for the
   * page that shows that comment (a refused reply is shown again beside the comment it answers).
   */
  const renderArticle = async (
    ctx: AppContext,
    article: StoredArticle,
    form: CommentFormState,
    commentsOpts: { order?: CommentOrder; replyTo?: number | undefined; stamp?: string; page?: number; pageOf?: number | undefined } = {},
  ) => {
    const { store } = ctx;
    const authorIds = article.bylines.map((b) => b.authorId).filter((id): id is string => id !== undefined);
    const mediaIds = article.body.flatMap((b) => (b.type === 'image' && b.mediaId ? [b.mediaId] : []));
    const [comments, corrections, authors, media] = await Promise.all([
      loadCommentsView(ctx, article, { stamp: commentsOpts.stamp, order: commentsOpts.order, page: commentsOpts.page, pageOf: commentsOpts.pageOf }),
      store.corrections.listForArticle(article.id),
      store.users.getByIds(authorIds),
      store.media.getMany(mediaIds),
    ]);
    const order = commentsOpts.order ?? 'oldest';
    const authorSlugs = new Map(authors.map((a) => [a.id, a.slug]));
    const [{ related, keyPoints }, mostRead, xAccount] = await Promise.all([loadArticleDerived(ctx, article), listMostRead(ctx), siteXAccount(ctx)]);
    return html(
      <ArticlePage config={config} now={ctx.now()} article={article} comments={{ view: comments, order, replyTo: commentsOpts.replyTo }} corrections={corrections} authorSlugs={authorSlugs} media={new Map(media.map((m) => [m.id, m]))} keyPoints={keyPoints} form={form} related={related} mostRead={mostRead} xAccount={xAccount} />,
    );
  };

  app.get('/authors/:slug', async (c) => {
    const ctx = renderingFor(c, base);
    const { store } = ctx;
    const author = await store.users.getBySlug(c.req.param('slug'));
    if (!author) throw new AppError('not_found', 'There is no author at this address.');
    const page = pageNumber(c.req.query('page'));
    const pageCount = Math.max(1, Math.ceil((await store.articles.countPublishedByAuthor(author.id)) / config.pageSize));
    if (page > pageCount) throw new AppError('not_found', `${author.name} has ${pageCount} page(s) of articles; there is no page ${page}.`);
    const articles = await store.articles.listPublishedByAuthor(author.id, { limit: config.pageSize, offset: (page - 1) * config.pageSize });
    return c.html(html(<AuthorPage config={config} now={ctx.now()} author={author} articles={articles} page={page} pageCount={pageCount} />));
  });

  app.get('/:section/:slug', async (c) => {
    const ctx = renderingFor(c, base);
    const found = await findPublished(ctx, c.req.param('section'), c.req.param('slug'));
    if ('movedTo' in found) return c.redirect(found.movedTo, 301);
    const { article } = found;
    countArticleView(ctx, c.req.path, { method: c.req.method, userAgent: c.req.header('user-agent'), purpose: c.req.header('sec-purpose') ?? c.req.header('purpose') });
    const notice = commentedNotice(c.req.query('commented'));
    const commentsOpts = {
      order: parseCommentOrder(c.req.query('comments')),
      replyTo: parseReplyTo(c.req.query('replyTo')),
      page: parseCommentsPage(c.req.query('comments_page')),
    };
    return c.html(await renderArticle(ctx, article, notice ? { notice } : {}, commentsOpts));
  });

  app.post('/:section/:slug/comments', async (c) => {
    // Not rendered for the cache (a POST): nothing to record.
    const ctx = base;
    const article = await loadPublished(ctx, c.req.param('section'), c.req.param('slug'));
    const form = await c.req.parseBody();
    const field = (name: string) => {
      const v = form[name];
      return typeof v === 'string' ? v : '';
    };
    const input = { name: field('name'), email: field('email'), body: field('body'), parent_id: field('parent_id'), website: field('website'), t: field('t') };
    const values = { name: input.name, email: input.email, body: input.body, parentId: input.parent_id };
    const refuse = async (status: 400 | 403 | 429, error: string) =>
      c.html(await renderArticle(ctx, article, { values, error }, { stamp: input.t, pageOf: parseReplyTo(input.parent_id) }), status);
    const ip = clientIp(c);
    const ipWait = await hitLimit(ctx, LIMITS.commentsByAddress, ip);
    const wait = ipWait || (await hitLimit(ctx, LIMITS.commentsByArticle, article.id));
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return refuse(
        429,
        ipWait > 0
          ? `You are commenting too fast; please wait ${wait} seconds and try again.`
          : `This article is getting a great many comments just now; please wait ${wait} seconds and try again.`,
      );
    }
    try {
      const comment = await postComment(ctx, article.id, input, { ip });
      // The comment is committed before the reader is sent on, to the page of comments that shows it.
      if (comment.status !== 'visible') return c.redirect(`${articlePath(article)}?commented=held#comment-form`, 303);
      const page = (await commentPageOf(ctx, article.id, comment.id)) ?? 1;
      return c.redirect(`${articlePath(article)}?${page > 1 ? `comments_page=${page}&` : ''}commented=1#comment-${comment.id}`, 303);
    } catch (e) {
      if (isAppError(e) && (e.code === 'invalid_input' || e.code === 'forbidden')) return refuse(e.code === 'forbidden' ? 403 : 400, e.message);
      throw e;
    }
  });

  return app;
}

/** Renders an error for a reader. */
export function errorPage(ctx: AppContext, status: number, message: string, path: string): Promise<string> {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'That did not work';
  return html(<MessagePage config={ctx.config} now={ctx.now()} title={title} message={message} path={path} />);
}
