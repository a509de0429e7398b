import type { Config } from '../../config.js';
import { blockText, type Byline } from '../../domain/article.js';
import { formatDateTime, formatLongDate } from '../../domain/dates.js';
import type { StoredArticle } from '../../store/articles.js';
import type { Comment } from '../../store/comments.js';
import type { Correction } from '../../store/corrections.js';
import type { MediaItem } from '../../store/media.js';
import { Layout } from './layout.js';
import { BodyBlock } from './rich-text.js';
import { articlePath } from './paths.js';

export interface CommentFormState {
  values?: { name: string; body: string };
  error?: string;
  notice?: string;
}

export interface ArticlePageProps {
  config: Config;
  now: Date;
  article: StoredArticle;
  comments: Comment[];
  /** The article's own key points, or extracted ones when it has none. */
  keyPoints: string[];
  corrections: Correction[];
  /** Author page slugs by author id, for bylines linked to staff profiles. */
  authorSlugs: Map<string, string>;
  /** Library images the body uses, by id. */
  media: Map<string, MediaItem>;
  form: CommentFormState;
}

/** A one-line summary for meta descriptions: the standfirst, or the lead cut at a word near 160 characters. */
export function describe(article: StoredArticle): string {
  const text = article.standfirst ?? blockText(article.body.find((b) => b.type === 'paragraph') ?? { type: 'paragraph', text: '' });
  if (text.length <= 160) return text;
  const cut = text.slice(0, 157);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

export function shareOnXUrl(headline: string, url: string, handle: string): string {
  const q = new URLSearchParams({ text: headline, url });
  if (handle) q.set('via', handle);
  return `https://x.com/intent/tweet?${q.toString()}`;
}

/** Byline names, linked to author pages where they belong to staff: "A in X with B in Y" or "A with B". */
function Bylines(props: { bylines: readonly Byline[]; authorSlugs: Map<string, string>; withLocations?: boolean }) {
  const parts = props.bylines.map((b) => {
    const slug = b.authorId && props.authorSlugs.get(b.authorId);
    const name = slug ? (
      <a href={`/authors/${slug}`} rel="author">
        {b.name}
      </a>
    ) : (
      b.name
    );
    return props.withLocations && b.location ? (
      <>
        {name} in {b.location}
      </>
    ) : (
      name
    );
  });
  const last = parts.length - 1;
  return (
    <>
      {parts.map((p, i) => (
        <>
          {i > 0 && (i === last ? (props.withLocations && parts.length > 2 ? ' and ' : ' with ') : ', ')}
          {p}
        </>
      ))}
    </>
  );
}

export function ArticlePage(props: ArticlePageProps) {
  const { config, article } = props;
  const canonical = config.siteUrl + articlePath(article);
  const description = describe(article);
  const section = config.sections.find((s) => s.slug === article.section);
  const firstParagraph = article.body.findIndex((b) => b.type === 'paragraph');
  const leadPrefix = article.dateline ? (
    <>
      <span class="dateline">{article.dateline.text}</span>
      {article.bylines.length > 0 && (
        <>
          ,{' '}
          <span class="lead-byline">
            <Bylines bylines={article.bylines} authorSlugs={props.authorSlugs} withLocations />
          </span>
        </>
      )}
      {' - '}
    </>
  ) : undefined;
  const meta = {
    title: `${article.headline} | ${config.siteName}`,
    description,
    canonical,
    tags: [
      ['og:type', 'article'],
      ['og:site_name', config.siteName],
      ['og:title', article.headline],
      ['og:description', description],
      ['og:url', canonical],
      ['article:section', section?.name ?? article.section],
      ...(article.publishedAt ? [['article:published_time', article.publishedAt]] : []),
      ['article:modified_time', article.updatedAt],
      ['twitter:card', 'summary'],
      ...(config.twitterHandle ? [['twitter:site', `@${config.twitterHandle}`]] : []),
      ['twitter:title', article.headline],
      ['twitter:description', description],
    ] as [string, string][],
  };
  const shownDate = article.publishedAt ?? article.updatedAt;
  const commentAction = `${articlePath(article)}/comments`;

  return (
    <Layout config={config} meta={meta} now={props.now} currentSection={article.section}>
      <article class="story" lang={article.language}>
        <header class="story-head">
          {section && (
            <p class="kicker">
              <a href={`/${section.slug}`}>{section.name}</a>
            </p>
          )}
          <h1>{article.headline}</h1>
          {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
        </header>
        <div class="story-body">
          {article.body.map((block, i) => (
            <BodyBlock block={block} leadPrefix={i === firstParagraph ? leadPrefix : undefined} media={props.media} />
          ))}
        </div>
        <hr />
        <footer class="story-foot">
          <p class="published">
            <time datetime={shownDate}>{formatLongDate(shownDate, config.timeZone)}</time>
          </p>
          {article.bylines.length > 0 && (
            <p class="byline">
              <Bylines bylines={article.bylines} authorSlugs={props.authorSlugs} />
            </p>
          )}
          {article.credit && <p class="credit">© {article.credit}</p>}
          {props.corrections.length > 0 && (
            <section class="corrections" aria-label="Corrections and updates">
              <p class="updated">
                Updated <time datetime={article.updatedAt}>{formatDateTime(article.updatedAt, config.timeZone)}</time>
              </p>
              {props.corrections.map((c) => (
                <p class={`note note-${c.kind}`}>
                  <strong>{c.kind === 'correction' ? 'Correction' : 'Update'}</strong> (
                  <time datetime={c.createdAt}>{formatDateTime(c.createdAt, config.timeZone)}</time>): {c.text}
                </p>
              ))}
            </section>
          )}
        </footer>
      </article>

      <section class="comments" id="comments" aria-labelledby="comments-title">
        <h2 id="comments-title">Comments ({props.comments.length})</h2>
        {props.comments.length > 0 && (
          <ol class="comment-list">
            {props.comments.map((c) => (
              <li id={`comment-${c.id}`} class="comment">
                <p class="comment-meta">
                  <strong>{c.authorName}</strong>{' '}
                  <time datetime={c.createdAt}>{formatDateTime(c.createdAt, config.timeZone)}</time>
                </p>
                {c.body.split(/\n{2,}/).map((para) => (
                  <p>{para}</p>
                ))}
              </li>
            ))}
          </ol>
        )}
        <form class="comment-form" method="post" action={commentAction} id="comment-form">
          <h3>New comment:</h3>
          {props.form.notice && (
            <p class="notice" role="status">
              {props.form.notice}
            </p>
          )}
          {props.form.error && (
            <p class="error" role="alert">
              {props.form.error}
            </p>
          )}
          <p>
            <label for="comment-name">Name</label>
            <input id="comment-name" name="name" required maxlength={80} autocomplete="name" value={props.form.values?.name ?? ''} />
          </p>
          <p>
            <label for="comment-body">Comment</label>
            <textarea id="comment-body" name="body" required maxlength={5000} rows={5}>
              {props.form.values?.body ?? ''}
            </textarea>
          </p>
          <p>
            <button type="submit">Post comment</button>
          </p>
        </form>
      </section>

      <aside class="share" aria-labelledby="share-title">
        <h2 id="share-title">Twitter</h2>
        <p>
          <a class="share-x" href={shareOnXUrl(article.headline, canonical, config.twitterHandle)} rel="noopener" target="_blank">
            Share on X (Twitter)
          </a>
        </p>
      </aside>

      {props.keyPoints.length > 0 && (
        <aside class="at-a-glance" aria-labelledby="glance-title">
          <h2 id="glance-title">At a glance</h2>
          <ul>
            {props.keyPoints.map((k) => (
              <li>{k}</li>
            ))}
          </ul>
        </aside>
      )}
    </Layout>
  );
}
