import type { Config } from '../../config.js';
import type { Section } from '../../domain/sections.js';
import type { ArticleSummary } from '../../store/articles.js';
import { Layout } from './layout.js';
import { mostRead } from './most-read.js';
import { articlePath, sectionPath } from './paths.js';
import { Teaser } from './teaser.js';

export interface HomePageProps {
  config: Config;
  now: Date;
  lead: ArticleSummary | undefined;
  topHeadlines: ArticleSummary[];
  bySection: { section: Section; articles: ArticleSummary[] }[];
  /** The "Most read" box, in the sidebar under At a glance. */
  mostRead?: readonly ArticleSummary[];
}

export function HomePage(props: HomePageProps) {
  const { config } = props;
  const meta = {
    title: `${config.siteName}: ${config.siteTagline}`,
    description: config.siteTagline,
    canonical: `${config.siteUrl}/`,
    tags: [
      ['og:type', 'website'],
      ['og:site_name', config.siteName],
      ['og:title', config.siteName],
      ['og:url', `${config.siteUrl}/`],
      ['twitter:card', 'summary'],
      ...(config.twitterHandle ? [['twitter:site', `@${config.twitterHandle}`]] : []),
    ] as [string, string][],
  };
  return (
    <Layout config={config} meta={meta} now={props.now}>
      <h1 class="visually-hidden">{config.siteName}</h1>
      {props.lead ? (
        <div class="front">
          <section class="lead-story" aria-label="Lead story">
            <Teaser config={config} article={props.lead} level={2} lead />
          </section>
          {props.topHeadlines.length > 0 && (
            <aside class="at-a-glance" aria-labelledby="glance-title">
              <h2 id="glance-title">At a glance</h2>
              <ul>
                {props.topHeadlines.map((a) => (
                  <li>
                    <a href={articlePath(a)}>{a.headline}</a>
                  </li>
                ))}
              </ul>
            </aside>
          )}
          {mostRead(props.mostRead ?? [])}
        </div>
      ) : (
        <p class="empty">Nothing has been published yet.</p>
      )}
      <div class="section-grid">
        {props.bySection
          .filter((s) => s.articles.length > 0)
          .map(({ section, articles }) => (
            <section class="section-block" aria-labelledby={`sec-${section.slug}`}>
              <h2 id={`sec-${section.slug}`}>
                <a href={sectionPath(section.slug)}>{section.name}</a>
              </h2>
              {articles.map((a) => (
                <Teaser config={config} article={a} level={3} />
              ))}
            </section>
          ))}
      </div>
    </Layout>
  );
}
