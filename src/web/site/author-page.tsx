import type { Config } from '../../config.js';
import type { ArticleSummary } from '../../store/articles.js';
import type { User } from '../../store/users.js';
import { Layout } from './layout.js';
import { Pagination } from './pagination.js';
import { Teaser } from './teaser.js';

/** A staff author's public page: profile, then their published articles. */
export function AuthorPage(props: { config: Config; now: Date; author: User; articles: ArticleSummary[]; page: number; pageCount: number }) {
  const { config, author, page, pageCount } = props;
  const path = (n: number) => (n > 1 ? `/authors/${author.slug}?page=${n}` : `/authors/${author.slug}`);
  const canonical = config.siteUrl + path(page);
  const prev = page > 1 ? path(page - 1) : undefined;
  const next = page < pageCount ? path(page + 1) : undefined;
  return (
    <Layout
      config={config}
      now={props.now}
      meta={{
        title: `${author.name} | ${config.siteName}`,
        description: author.bio ?? `Articles by ${author.name}.`,
        canonical,
        prev: prev && config.siteUrl + prev,
        next: next && config.siteUrl + next,
        tags: [
          ['og:type', 'profile'],
          ['og:title', author.name],
          ['og:url', canonical],
        ],
      }}
    >
      <header class="author-head">
        {author.photoUrl && <img class="author-photo" src={author.photoUrl} alt={`Portrait of ${author.name}`} width={96} height={96} />}
        <div>
          <h1 class="section-title">{author.name}</h1>
          {author.location && <p class="author-location">{author.location}</p>}
          {author.bio && <p class="author-bio">{author.bio}</p>}
        </div>
      </header>
      {props.articles.length ? (
        <div class="section-list">
          {props.articles.map((a) => (
            <Teaser config={config} article={a} level={2} />
          ))}
        </div>
      ) : (
        <p class="empty">No published articles yet.</p>
      )}
      <Pagination path={`/authors/${author.slug}`} page={page} pageCount={pageCount} />
    </Layout>
  );
}
