import type { Config } from '../../../config.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../../domain/article.js';
import type { ArticleSummary } from '../../../store/articles.js';
import type { User } from '../../../store/users.js';
import { NewsroomLayout } from '../layout.js';
import { ArticleTable, STATUS_LABEL } from './article-table.js';

export function ArticlesPage(props: { config: Config; user: User; csrfToken: string; articles: ArticleSummary[]; status?: ArticleStatus | undefined }) {
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="Articles" current="articles">
      <h1>Articles</h1>
      <nav class="nr-filters" aria-label="Filter by status">
        <a href="/newsroom/articles" aria-current={props.status ? undefined : 'page'}>
          All
        </a>
        {ARTICLE_STATUSES.map((s) => (
          <a href={`/newsroom/articles?status=${s}`} aria-current={props.status === s ? 'page' : undefined}>
            {STATUS_LABEL[s]}
          </a>
        ))}
      </nav>
      <ArticleTable config={props.config} articles={props.articles} empty="No articles here." />
    </NewsroomLayout>
  );
}

export function WireDeskPage(props: { config: Config; user: User; csrfToken: string; inbox: ArticleSummary[] }) {
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="Wire desk" current="wire">
      <h1>Wire desk</h1>
      <p class="nr-muted">
        Copy brought in by <code>dateline import</code> and the other ingest channels waits here as drafts. Open an item to edit and publish it.
      </p>
      <ArticleTable config={props.config} articles={props.inbox} empty="The wire inbox is empty." />
    </NewsroomLayout>
  );
}
