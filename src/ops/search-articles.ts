import type { AppContext } from '../context.js';
import { zonedLocalToUtc } from '../domain/dates.js';
import { parseSearchQuery, type SearchHit } from '../store/search.js';

/** The search form as the reader sent it: every field a string, empty when not given. */
export interface SearchForm {
  q: string;
  section: string;
  from: string;
  to: string;
}

export type SearchOutcome =
  /** Nothing asked yet: show the form. */
  | { kind: 'form' }
  /** The query had no letters or digits to look for. */
  | { kind: 'no_words' }
  /** A filter could not be read; `message` names the field. */
  | { kind: 'invalid'; message: string }
  | { kind: 'results'; total: number; hits: SearchHit[]; page: number; pageCount: number };

export interface SearchRequest extends Partial<SearchForm> {
  page?: string | undefined;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as YYYY-MM-DD, or undefined. */
function calendarDay(value: string): { y: number; m: number; d: number } | undefined {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? { y, m, d } : undefined;
}

/** Midnight at the start of a day in the site's zone, as a UTC instant; `plusDays` moves to a later day. */
function startOfDay(day: { y: number; m: number; d: number }, timeZone: string, plusDays = 0): string | undefined {
  const local = new Date(Date.UTC(day.y, day.m - 1, day.d + plusDays)).toISOString().slice(0, 16);
  return zonedLocalToUtc(local, timeZone);
}

/**
 * Searches published articles for the reader's query, optionally in one section and between two
 * days (inclusive, in the site's time zone). Never throws for anything a reader can type.
 */
export async function searchArticles(ctx: AppContext, request: SearchRequest): Promise<{ form: SearchForm; outcome: SearchOutcome }> {
  const { config } = ctx;
  const form: SearchForm = {
    q: (request.q ?? '').trim(),
    section: (request.section ?? '').trim(),
    from: (request.from ?? '').trim(),
    to: (request.to ?? '').trim(),
  };
  const done = (outcome: SearchOutcome) => ({ form, outcome });

  if (form.section && !config.sections.some((s) => s.slug === form.section)) {
    return done({ kind: 'invalid', message: `Section: there is no section "${form.section}".` });
  }
  const from = form.from ? calendarDay(form.from) : undefined;
  if (form.from && !from) return done({ kind: 'invalid', message: 'From: give a date like 2015-05-13.' });
  const to = form.to ? calendarDay(form.to) : undefined;
  if (form.to && !to) return done({ kind: 'invalid', message: 'To: give a date like 2015-05-13.' });
  if (form.from && form.to && form.from > form.to) return done({ kind: 'invalid', message: 'From: the first day must not be after the last.' });
  const pageParam = request.page ?? '1';
  if (!/^\d{1,4}$/.test(pageParam) || Number(pageParam) < 1) return done({ kind: 'invalid', message: `Page: "${pageParam}" is not a page number.` });
  const page = Number(pageParam);

  if (!form.q) return done({ kind: 'form' });
  const terms = parseSearchQuery(form.q);
  if (!terms.length) return done({ kind: 'no_words' });

  const { total, hits } = await ctx.store.search.search({
    terms,
    section: form.section || undefined,
    from: from && startOfDay(from, config.timeZone),
    // The last day is included: results run to the start of the day after.
    to: to && startOfDay(to, config.timeZone, 1),
    limit: config.pageSize,
    offset: (page - 1) * config.pageSize,
  });
  return done({ kind: 'results', total, hits, page, pageCount: Math.max(1, Math.ceil(total / config.pageSize)) });
}
