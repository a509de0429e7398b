import { html } from './html.js';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { getSiteSettings } from '../../ops/site-settings.js';
import type { LeadImage } from './json-ld.js';

/**
 * The site's X account without "@" ("" when none), as the newsroom set it. The one place it is read, for share
 * links and twitter:site.
 */
export async function siteXAccount(ctx: AppContext): Promise<string> {
  return (await getSiteSettings(ctx)).twitterHandle;
}

export interface ShareTarget {
  headline: string;
  /** The article's absolute canonical URL. */
  url: string;
  /** The site's X account without "@"; "" for none. */
  xAccount: string;
}

/** X's tweet intent: https://developer.x.com/en/docs/x-for-websites/tweet-button/guides/web-intent */
export function shareOnXUrl(t: ShareTarget): string {
  const q = new URLSearchParams({ text: t.headline, url: t.url });
  if (t.xAccount) q.set('via', t.xAccount);
  return `https://x.com/intent/tweet?${q.toString()}`;
}

export const shareOnFacebookUrl = (t: ShareTarget): string => `https://www.facebook.com/sharer/sharer.php?${new URLSearchParams({ u: t.url }).toString()}`;

export const shareOnLinkedInUrl = (t: ShareTarget): string =>
  `https://www.linkedin.com/sharing/share-offsite/?${new URLSearchParams({ url: t.url }).toString()}`;

/** A mailto: link with the headline as subject and headline plus URL as body; RFC 6068 wants %20, not "+", for spaces. */
export const shareByEmailUrl = (t: ShareTarget): string =>
  `mailto:?subject=${encodeURIComponent(t.headline)}&body=${encodeURIComponent(`${t.headline}\r\n\r\n${t.url}`)}`;

/** The contents of the share box: plain links, no third-party script. X comes first, as on the seed page. */
export function shareLinks(t: ShareTarget): HtmlEscapedString {
  return html`<h2 id="share-title">Share</h2><ul class="share-links"><li><a class="share-x" href="${shareOnXUrl(t)}" rel="noopener" target="_blank">Share on Twitter (X)</a></li><li><a class="share-facebook" href="${shareOnFacebookUrl(
    t,
  )}" rel="noopener" target="_blank">Facebook</a></li><li><a class="share-linkedin" href="${shareOnLinkedInUrl(t)}" rel="noopener" target="_blank">LinkedIn</a></li><li><a class="share-email" href="${shareByEmailUrl(
    t,
  )}">E-mail</a></li><li><a class="share-copy" href="${t.url}" title="The article&#39;s permanent address, to copy">Copy link</a></li></ul>` as HtmlEscapedString;
}

export interface SocialCardInput {
  config: Config;
  /** The site's X account without "@"; "" for none. */
  xAccount: string;
  canonical: string;
  title: string;
  description: string;
  sectionName: string;
  publishedAt: string | null;
  updatedAt: string;
  tags: readonly string[];
  image?: LeadImage | undefined;
}

/** Open Graph (https://ogp.me) and X card tags for an article: a large card when it has a picture. */
export function articleSocialTags(input: SocialCardInput): [string, string][] {
  const { image } = input;
  return [
    ['og:type', 'article'],
    ['og:site_name', input.config.siteName],
    ['og:title', input.title],
    ['og:description', input.description],
    ['og:url', input.canonical],
    ...(image
      ? ([
          ['og:image', image.url],
          ...(image.type ? [['og:image:type', image.type]] : []),
          ...(image.width && image.height
            ? [
                ['og:image:width', String(image.width)],
                ['og:image:height', String(image.height)],
              ]
            : []),
          ['og:image:alt', image.alt],
        ] as [string, string][])
      : []),
    ['article:section', input.sectionName],
    ...(input.publishedAt ? ([['article:published_time', input.publishedAt]] as [string, string][]) : []),
    ['article:modified_time', input.updatedAt],
    ...input.tags.map((t): [string, string] => ['article:tag', t]),
    ['twitter:card', image ? 'summary_large_image' : 'summary'],
    ...(input.xAccount ? ([['twitter:site', `@${input.xAccount}`]] as [string, string][]) : []),
    ['twitter:title', input.title],
    ['twitter:description', input.description],
    ...(image
      ? ([
          ['twitter:image', image.url],
          ['twitter:image:alt', image.alt],
        ] as [string, string][])
      : []),
  ];
}
