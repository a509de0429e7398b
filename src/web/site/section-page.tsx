import type { Config } from '../../config.js';
import type { Section } from '../../domain/sections.js';
import type { ArticleSummary } from '../../store/articles.js';
import { Layout } from './layout.js';
import { Pagination } from './pagination.js';
import { sectionPath } from './paths.js';
import { Teaser } from './teaser.js';

export interface SectionPageProps {
  config: Config;
  now: Date;
  section: Section;
  articles: ArticleSummary[];
  page: number;
  pageCount: number;
}

export function SectionPage(props: SectionPageProps) {
  const { config, section, page, pageCount } = props;
  const prev = page > 1 ? sectionPath(section.slug, page - 1) : undefined;
  const next = page < pageCount ? sectionPath(section.slug, page + 1) : undefined;
  const meta = {
    title: `${section.name}${page > 1 ? ` (page ${page})` : ''} | ${config.siteName}`,
    description: `The latest ${section.name.toLowerCase()} from ${config.siteName}.`,
    canonical: config.siteUrl + sectionPath(section.slug, page),
    prev: prev && config.siteUrl + prev,
    next: next && config.siteUrl + next,
    tags: [
      ['og:type', 'website'],
      ['og:title', `${section.name} | ${config.siteName}`],
      ['og:url', config.siteUrl + sectionPath(section.slug, page)],
    ] as [string, string][],
  };
  return (
    <Layout config={config} meta={meta} now={props.now} currentSection={section.slug}>
      <h1 class="section-title">{section.name}</h1>
      {props.articles.length === 0 ? (
        <p class="empty">No {section.name.toLowerCase()} stories yet.</p>
      ) : (
        <div class="section-list">
          {props.articles.map((a) => (
            <Teaser config={config} article={a} level={2} />
          ))}
        </div>
      )}
      <Pagination path={sectionPath(section.slug)} page={page} pageCount={pageCount} />
    </Layout>
  );
}
