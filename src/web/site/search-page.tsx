import type { Config } from '../../config.js';
import { formatShortDate } from '../../domain/dates.js';
import type { SearchForm, SearchOutcome } from '../../ops/search-articles.js';
import { MARK_END, MARK_START, type SearchHit } from '../../store/search.js';
import { Layout } from './layout.js';
import { articlePath, sectionPath } from './paths.js';

export interface SearchPageProps {
  config: Config;
  now: Date;
  form: SearchForm;
  outcome: SearchOutcome;
}

/** The address of a search, fields in a fixed order and empty ones left out, so each search has one canonical URL. */
export function searchPath(form: SearchForm, page = 1): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'section', 'from', 'to'] as const) if (form[key]) params.set(key, form[key]);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/search?${query}` : '/search';
}

const MARKERS = new RegExp(`([${MARK_START}${MARK_END}])`, 'u');

/** Splits text marked by the search store into plain and matched runs; a stray marker is dropped. */
export function markedRuns(text: string): { text: string; isMatch: boolean }[] {
  const runs: { text: string; isMatch: boolean }[] = [];
  let isMatch = false;
  for (const part of text.split(MARKERS)) {
    if (part === MARK_START) isMatch = true;
    else if (part === MARK_END) isMatch = false;
    else if (part) runs.push({ text: part, isMatch });
  }
  return runs;
}

/** Text with its matched words in <mark>; everything else is escaped like any other text. */
export function Marked(props: { text: string }) {
  return <>{markedRuns(props.text).map((r) => (r.isMatch ? <mark>{r.text}</mark> : r.text))}</>;
}

/** "A with B", "A, B with C", each name with its matches marked. */
function MarkedBylines(props: { names: string[] }) {
  const last = props.names.length - 1;
  return (
    <>
      {props.names.map((name, i) => (
        <>
          {i > 0 && (i === last ? ' with ' : ', ')}
          <Marked text={name} />
        </>
      ))}
    </>
  );
}

function Hit(props: { config: Config; hit: SearchHit }) {
  const { hit, config } = props;
  const section = config.sections.find((s) => s.slug === hit.section);
  return (
    <li class="search-hit">
      <h2>
        <a href={articlePath(hit)}>
          <Marked text={hit.headlineMarked} />
        </a>
      </h2>
      <p class="search-meta">
        {section && <a href={sectionPath(section.slug)}>{section.name}</a>}
        {hit.publishedAt && <time datetime={hit.publishedAt}>{formatShortDate(hit.publishedAt, config.timeZone)}</time>}
        {hit.bylineNamesMarked.length > 0 && (
          <span class="byline">
            <MarkedBylines names={hit.bylineNamesMarked} />
          </span>
        )}
      </p>
      {hit.snippet && (
        <p class="snippet">
          <Marked text={hit.snippet} />
        </p>
      )}
    </li>
  );
}

function Results(props: { config: Config; form: SearchForm; outcome: Extract<SearchOutcome, { kind: 'results' }> }) {
  const { config, form, outcome } = props;
  if (outcome.total === 0) {
    return (
      <p class="search-summary" role="status">
        Nothing published matches “{form.q}”{form.section || form.from || form.to ? ' with these filters' : ''}. Try fewer or other words.
      </p>
    );
  }
  const first = (outcome.page - 1) * config.pageSize + 1;
  const last = first + outcome.hits.length - 1;
  const prev = outcome.page > 1 ? searchPath(form, outcome.page - 1) : undefined;
  const next = outcome.page < outcome.pageCount ? searchPath(form, outcome.page + 1) : undefined;
  return (
    <>
      <p class="search-summary" role="status">
        {outcome.total === 1 ? '1 result' : `${outcome.total.toLocaleString('en-GB')} results`} for “{form.q}”
        {outcome.hits.length > 0 && outcome.total > outcome.hits.length && ` (showing ${first}–${last})`}
      </p>
      {outcome.hits.length > 0 ? (
        <ol class="search-results" start={first}>
          {outcome.hits.map((hit) => (
            <Hit config={config} hit={hit} />
          ))}
        </ol>
      ) : (
        <p class="empty">
          There is no page {outcome.page} of these results. <a href={searchPath(form)}>Back to the first page</a>
        </p>
      )}
      {outcome.pageCount > 1 && (
        <nav class="pagination" aria-label="Result pages">
          {prev ? (
            <a href={prev} rel="prev">
              ← Previous
            </a>
          ) : (
            <span />
          )}
          <span>
            Page {outcome.page} of {outcome.pageCount}
          </span>
          {next ? (
            <a href={next} rel="next">
              Next →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}

/** /search: the form with its filters, and ranked results with the matched words marked. */
export function SearchPage(props: SearchPageProps) {
  const { config, form, outcome } = props;
  const page = outcome.kind === 'results' ? outcome.page : 1;
  const path = searchPath(form, page);
  const meta = {
    title: `${form.q ? `Search: ${form.q}` : 'Search'} | ${config.siteName}`,
    canonical: config.siteUrl + path,
    prev: outcome.kind === 'results' && page > 1 ? config.siteUrl + searchPath(form, page - 1) : undefined,
    next: outcome.kind === 'results' && page < outcome.pageCount ? config.siteUrl + searchPath(form, page + 1) : undefined,
    // Result pages are endless and change by the hour: no place in a search engine's index.
    tags: [['robots', 'noindex']] as [string, string][],
  };
  return (
    <Layout config={config} meta={meta} now={props.now}>
      <div class="search-page">
        <h1 class="section-title">Search</h1>
        <form class="search-form" role="search" aria-label="Search articles" action="/search" method="get">
          <p class="search-q">
            <label for="search-q">Words or "an exact phrase"</label>
            <input type="search" id="search-q" name="q" value={form.q} maxlength={300} />
          </p>
          <p>
            <label for="search-section">Section</label>
            <select id="search-section" name="section">
              <option value="">All sections</option>
              {config.sections.map((s) => (
                <option value={s.slug} selected={s.slug === form.section}>
                  {s.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="search-from">From</label>
            <input type="date" id="search-from" name="from" value={form.from} />
          </p>
          <p>
            <label for="search-to">To</label>
            <input type="date" id="search-to" name="to" value={form.to} />
          </p>
          <p>
            <button type="submit">Search</button>
          </p>
        </form>
        {outcome.kind === 'no_words' && (
          <p class="notice" role="status">
            Type a word to search for.
          </p>
        )}
        {outcome.kind === 'invalid' && (
          <p class="error" role="alert">
            {outcome.message}
          </p>
        )}
        {outcome.kind === 'results' && <Results config={config} form={form} outcome={outcome} />}
      </div>
    </Layout>
  );
}
