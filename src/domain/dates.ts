/** Date formatting in the site's time zone, as the seed prints it: "Wednesday, May 13th 2015". */

export function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th';
  return `${day}${suffix}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: Date, timeZone: string): Record<string, string> {
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

/** "Wednesday, May 13th 2015" */
export function formatLongDate(iso: string, timeZone: string): string {
  const p = partsIn(new Date(iso), timeZone);
  return `${p.weekday}, ${p.month} ${ordinal(Number(p.day))} ${p.year}`;
}

/** "13 May 2015, 14:05 BST": for update and correction notes, where the time matters. */
export function formatDateTime(iso: string, timeZone: string): string {
  const p = partsIn(new Date(iso), timeZone);
  return `${Number(p.day)} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** "May 13th 2015": short form for lists. */
export function formatShortDate(iso: string, timeZone: string): string {
  const p = partsIn(new Date(iso), timeZone);
  return `${p.month} ${ordinal(Number(p.day))} ${p.year}`;
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
