import type { Child } from 'hono/jsx';
import type { Config } from '../../config.js';
import { formatLongDate } from '../../domain/dates.js';
import { stylesheetPath } from './assets.js';

export interface PageMeta {
  title: string;
  description?: string;
  /** Absolute canonical URL. */
  canonical: string;
  /** Extra <meta> tags: [name or property, content]. */
  tags?: [string, string][];
  /** <link rel=prev/next> for paginated lists. */
  prev?: string | undefined;
  next?: string | undefined;
  /** This page's own feeds (a tag's, an author's), after the site's and the current section's. */
  alternates?: { type: 'application/rss+xml' | 'application/atom+xml'; href: string; title: string }[];
}

/** The section menu, as the seed prints it: News | Politics | Features | ... */
export function SectionMenu(props: { config: Config; current?: string | undefined }) {
  return (
    <nav class="sections" aria-label="Sections">
      <ul>
        {props.config.sections.map((s) => (
          <li>
            <a href={`/${s.slug}`} aria-current={props.current === s.slug ? 'page' : undefined}>
              {s.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** <link rel="alternate"> to the site's feeds, the current section's, and the page's own. */
function FeedLinks(props: { config: Config; section?: string | undefined; extra?: PageMeta['alternates'] }) {
  const { siteUrl, siteName } = props.config;
  const section = props.section ? props.config.sections.find((s) => s.slug === props.section) : undefined;
  const links: NonNullable<PageMeta['alternates']> = [
    { type: 'application/rss+xml', href: `${siteUrl}/feed.xml`, title: `${siteName} (RSS)` },
    { type: 'application/atom+xml', href: `${siteUrl}/feed.atom`, title: `${siteName} (Atom)` },
    ...(section
      ? ([
          { type: 'application/rss+xml', href: `${siteUrl}/${section.slug}/feed.xml`, title: `${section.name} | ${siteName} (RSS)` },
          { type: 'application/atom+xml', href: `${siteUrl}/${section.slug}/feed.atom`, title: `${section.name} | ${siteName} (Atom)` },
        ] as const)
      : []),
    ...(props.extra ?? []),
  ];
  return (
    <>
      {links.map((l) => (
        <link rel="alternate" type={l.type} href={l.href} title={l.title} />
      ))}
    </>
  );
}

export function Layout(props: { config: Config; meta: PageMeta; now: Date; currentSection?: string | undefined; children: Child }) {
  const { config, meta } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        <link rel="canonical" href={meta.canonical} />
        {meta.prev && <link rel="prev" href={meta.prev} />}
        {meta.next && <link rel="next" href={meta.next} />}
        <FeedLinks config={config} section={props.currentSection} extra={meta.alternates} />
        {(meta.tags ?? []).map(([key, content]) =>
          key.startsWith('og:') || key.startsWith('article:') ? (
            <meta property={key} content={content} />
          ) : (
            <meta name={key} content={content} />
          ),
        )}
        <link rel="stylesheet" href={stylesheetPath()} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <a class="brand" href="/">
            {config.siteName}
          </a>
          <p class="tagline">{config.siteTagline}</p>
          <p class="today">{formatLongDate(props.now.toISOString(), config.timeZone)}</p>
          <form class="site-search" role="search" aria-label="Site" action="/search" method="get">
            <label class="visually-hidden" for="site-search-q">
              Search the site
            </label>
            <input type="search" id="site-search-q" name="q" maxlength={300} placeholder="Search articles" />
            <button type="submit">Search</button>
          </form>
        </header>
        <SectionMenu config={config} current={props.currentSection} />
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <p>
            © {props.now.getUTCFullYear()} {config.siteName}. Published with Dateline.
          </p>
        </footer>
      </body>
    </html>
  );
}
