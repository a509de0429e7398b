import type { Child } from 'hono/jsx';
import { html } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../config.js';
import { longDateAt } from '../../domain/dates.js';
import { faviconPath, stylesheetPath } from './assets.js';

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

/*
 * The page shell is written with Hono's `html` template, which escapes every value as JSX does. Every
 * public page carries it, and as JSX elements (the metadata tags especially, which hono/jsx treats
 * as hoistable) it cost a fifth of an article page's render.
 */

/** The section menu, as the seed prints it: News | Politics | Features | ... */
function sectionMenu(config: Config, current: string | undefined): HtmlEscapedString {
  return html`<nav class="sections" aria-label="Sections"><ul>${config.sections.map(
    (s) => html`<li><a href="/${s.slug}"${current === s.slug ? html` aria-current="page"` : ''}>${s.name}</a></li>`,
  )}</ul></nav>` as HtmlEscapedString;
}

/** <link rel="alternate"> to the site's feeds, the current section's, and the page's own. */
function feedLinks(config: Config, sectionSlug: string | undefined, extra: PageMeta['alternates']): HtmlEscapedString {
  const { siteUrl, siteName } = config;
  const section = sectionSlug ? config.sections.find((s) => s.slug === sectionSlug) : undefined;
  const links: NonNullable<PageMeta['alternates']> = [
    { type: 'application/rss+xml', href: `${siteUrl}/feed.xml`, title: `${siteName} (RSS)` },
    { type: 'application/atom+xml', href: `${siteUrl}/feed.atom`, title: `${siteName} (Atom)` },
    ...(section
      ? ([
          { type: 'application/rss+xml', href: `${siteUrl}/${section.slug}/feed.xml`, title: `${section.name} | ${siteName} (RSS)` },
          { type: 'application/atom+xml', href: `${siteUrl}/${section.slug}/feed.atom`, title: `${section.name} | ${siteName} (Atom)` },
        ] as const)
      : []),
    ...(extra ?? []),
  ];
  return html`${links.map((l) => html`<link rel="alternate" type="${l.type}" href="${l.href}" title="${l.title}"/>`)}` as HtmlEscapedString;
}

function head(config: Config, meta: PageMeta, currentSection: string | undefined): HtmlEscapedString {
  return html`<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${meta.title}</title>${
    meta.description ? html`<meta name="description" content="${meta.description}"/>` : ''
  }<link rel="canonical" href="${meta.canonical}"/>${meta.prev ? html`<link rel="prev" href="${meta.prev}"/>` : ''}${
    meta.next ? html`<link rel="next" href="${meta.next}"/>` : ''
  }${feedLinks(config, currentSection, meta.alternates)}${(meta.tags ?? []).map(([key, content]) =>
    key.startsWith('og:') || key.startsWith('article:') ? html`<meta property="${key}" content="${content}"/>` : html`<meta name="${key}" content="${content}"/>`,
  )}<link rel="icon" href="${faviconPath()}" type="image/svg+xml"/><link rel="stylesheet" href="${stylesheetPath()}"/>` as HtmlEscapedString;
}

function masthead(config: Config, now: Date): HtmlEscapedString {
  return html`<a class="skip" href="#main">Skip to content</a><header class="masthead"><a class="brand" href="/">${config.siteName}</a><p class="tagline">${
    config.siteTagline
  }</p><p class="today">${longDateAt(now, config.timeZone)}</p><form class="site-search" role="search" aria-label="Site" action="/search" method="get"><label class="visually-hidden" for="site-search-q">Search the site</label><input type="search" id="site-search-q" name="q" maxlength="300" placeholder="Search articles"/><button type="submit">Search</button></form></header>` as HtmlEscapedString;
}

export function Layout(props: { config: Config; meta: PageMeta; now: Date; currentSection?: string | undefined; children: Child }) {
  const { config } = props;
  return (
    <html lang="en">
      <head>{head(config, props.meta, props.currentSection)}</head>
      <body>
        {masthead(config, props.now)}
        {sectionMenu(config, props.currentSection)}
        <main id="main">{props.children}</main>
        {html`<footer class="site-footer"><p>© ${props.now.getUTCFullYear()} ${config.siteName}. Published with Dateline.</p></footer>`}
      </body>
    </html>
  );
}
