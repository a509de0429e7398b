import type { Config } from '../../../config.js';
import { can } from '../../../domain/policies.js';
import type { ArticleSummary } from '../../../store/articles.js';
import type { User } from '../../../store/users.js';
import { CsrfField, NewsroomLayout } from '../layout.js';
import { ArticleTable } from './article-table.js';

export interface DashboardProps {
  config: Config;
  user: User;
  csrfToken: string;
  mine: ArticleSummary[];
  inReview: ArticleSummary[];
  scheduled: ArticleSummary[];
  published: ArticleSummary[];
  wireCount: number;
}

export function DashboardPage(props: DashboardProps) {
  const { config, user } = props;
  return (
    <NewsroomLayout config={config} user={user} csrfToken={props.csrfToken} title="Dashboard" current="dashboard">
      <div class="nr-head">
        <h1>Good to see you, {user.name.split(' ')[0]}</h1>
        <form method="post" action="/newsroom/articles">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="primary">
            New article
          </button>
        </form>
      </div>
      {can(user, 'wire.view') && (
        <p class="nr-wire-count">
          <a href="/newsroom/wire">Wire desk: {props.wireCount} item(s) waiting</a>
        </p>
      )}
      <section>
        <h2>Your drafts</h2>
        <ArticleTable config={config} articles={props.mine} empty="No drafts of yours. Start one with New article." />
      </section>
      <section>
        <h2>In review</h2>
        <ArticleTable config={config} articles={props.inReview} empty="Nothing is waiting for review." />
      </section>
      <section>
        <h2>Scheduled</h2>
        <ArticleTable config={config} articles={props.scheduled} empty="Nothing is scheduled." />
      </section>
      <section>
        <h2>Recently published</h2>
        <ArticleTable config={config} articles={props.published} empty="Nothing is published yet." />
      </section>
    </NewsroomLayout>
  );
}
