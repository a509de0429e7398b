import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WireDraft } from '../../src/wire/types.js';
import { htmlText } from './html-text.js';
import { headlineMatches } from './match.js';
import type { EvalCase, EvalSet, LoadOptions } from './types.js';

interface IndexRow {
  page: string;
  news_article: boolean;
}

interface Metadata {
  title?: string | null;
  byline?: string | null;
  siteName?: string | null;
  publishedTime?: string | null;
}

const NEWS = 'news pages';
const ALL = 'all pages';

/**
 * Readability's "title" is usually the page's <title>, site name and all ("Headline | eHow"), so the title
 * without its last " | ", " - ", " – ", " — " or " :: " part counts too.
 */
export function titleAlternatives(title: string): string[] {
  const m = /^(.*\S)\s+(?:\||-|–|—|::|·)\s+[^|–—]+$/u.exec(title.trim());
  return m?.[1] ? [title, m[1]] : [title];
}

/** Mozilla Readability's test pages: source.html in, expected-metadata.json and expected.html as truth. */
export const readabilitySet: EvalSet = {
  name: 'readability-test-pages',
  path: (o: LoadOptions) => join(o.corpora, 'readability-test-pages'),
  load: (o) => {
    const dir = join(o.corpora, 'readability-test-pages');
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as IndexRow[];
    const rows = o.limit === undefined ? index : index.slice(0, o.limit);
    const cases: EvalCase[] = [];
    const notes: string[] = [];
    for (const row of rows) {
      const page = join(dir, 'test-pages', row.page);
      const source = join(page, 'source.html');
      if (!existsSync(source)) {
        notes.push(`${row.page}: no source.html, skipped`);
        continue;
      }
      const meta = JSON.parse(readFileSync(join(page, 'expected-metadata.json'), 'utf8')) as Metadata;
      const expectedHtml = join(page, 'expected.html');
      cases.push({
        id: row.page,
        rows: row.news_article ? [NEWS, ALL] : [ALL],
        fileKey: source,
        fileName: `${row.page}/source.html`,
        bytes: () => readFileSync(source),
        truth: {
          ...(meta.title ? { headline: titleAlternatives(meta.title) } : {}),
          // Readability's null byline means "none found", not "none printed", so it is not scored.
          ...(meta.byline ? { bylines: [meta.byline], bylineIgnore: meta.siteName ? [meta.siteName] : [] } : {}),
          ...(meta.publishedTime ? { dates: [meta.publishedTime] } : {}),
          ...(meta.title ? { checks: [{ name: 'readability: headline equals the title exactly (no site-name allowance)', test: (a: WireDraft) => headlineMatches(a.headline, [meta.title as string]) }] } : {}),
          ...(existsSync(expectedHtml) ? { body: htmlText(readFileSync(expectedHtml, 'utf8')) } : {}),
        },
      });
    }
    return { cases, rows: [NEWS, ALL], notes };
  },
};
