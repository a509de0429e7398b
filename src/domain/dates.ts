/** Date formatting in the site's time zone, as the seed prints it: "Wednesday, May 13th 2015". */

export function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th';
  return `${day}${suffix}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** formatToParts is slow (about 10 µs) and pages show the same instants again and again. */
const partsCache = new Map<string, Record<string, string>>();
const CACHE_SIZE = 10_000;

function partsIn(instant: Date, timeZone: string): Record<string, string> {
  // Nothing shown is finer than the minute, so every instant in a minute (the page's "now") shares one entry.
  const minute = Math.floor(instant.getTime() / 60_000);
  const key = `${timeZone} ${minute}`;
  return kept(partsCache, key, () => formatParts(new Date(minute * 60_000), timeZone));
}

/** The cached value for `key`, made on a miss. A full cache is simply emptied: cheaper than tracking use, and refilled at once by what pages show. */
function kept<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, (value = make()));
  }
  return value;
}

function formatParts(instant: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
}

/**
 * Formatted dates by format, time zone and stored ISO string: a page shows the same stored instants
 * (comments, teasers) again and again, and parsing and formatting them was 3% of an uncached article
 * page.
 */
type FormattedCache = Map<string, Map<string, string>>;
const longDates: FormattedCache = new Map();
const dateTimes: FormattedCache = new Map();
const shortDates: FormattedCache = new Map();

function remembered(cache: FormattedCache, iso: string, timeZone: string, make: () => string): string {
  let byIso = cache.get(timeZone);
  if (!byIso) cache.set(timeZone, (byIso = new Map()));
  return kept(byIso, iso, make);
}

/** "Wednesday, May 13th 2015" */
export function formatLongDate(iso: string, timeZone: string): string {
  return remembered(longDates, iso, timeZone, () => longDateAt(new Date(iso), timeZone));
}

/** The same for an instant that is not stored (the page's "now"), which would only fill the cache. */
export function longDateAt(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.weekday}, ${p.month} ${ordinal(Number(p.day))} ${p.year}`;
}

/** "13 May 2015, 14:05 BST": for update and correction notes, where the time matters. */
export function formatDateTime(iso: string, timeZone: string): string {
  return remembered(dateTimes, iso, timeZone, () => {
    const p = partsIn(new Date(iso), timeZone);
    return `${Number(p.day)} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
  });
}

/** "May 13th 2015": short form for lists. */
export function formatShortDate(iso: string, timeZone: string): string {
  return remembered(shortDates, iso, timeZone, () => {
    const p = partsIn(new Date(iso), timeZone);
    return `${p.month} ${ordinal(Number(p.day))} ${p.year}`;
  });
}

/** Checks an IANA time zone name. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();
/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** Converts a wall-clock time in a zone ("2026-11-26T14:05", as a datetime-local input sends it) to a UTC ISO instant. */
export function zonedLocalToUtc(local: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  // Two passes settle the offset on both sides of a daylight-saving change.
  let guess = asUtc - zoneOffsetMs(asUtc, timeZone);
  guess = asUtc - zoneOffsetMs(guess, timeZone);
  return new Date(guess).toISOString();
}

/** The zone's wall-clock time of an instant as "YYYY-MM-DDTHH:mm", for a datetime-local input. */
export function utcToZonedLocal(iso: string, timeZone: string): string {
  const ms = new Date(iso).getTime();
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 16);
}
