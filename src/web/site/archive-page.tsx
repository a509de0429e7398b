import type { Config } from '../../config.js';
import { formatLongDate, zonedLocalToUtc } from '../../domain/dates.js';
import type { ArticleSummary } from '../../store/articles.js';
import { Layout, type PageMeta } from './layout.js';
import { ArticleListPage } from './tag-page.js';

/** A year, month or day of the archive, as the site's time zone counts it. */
export interface ArchivePeriod {
  year: number;
  month?: number;
  day?: number;
  /** The first instant in it and the first after it (UTC ISO), for `from <= publishedAt < to`. */
  from: string;
  to: string;
  /** "2015", "May 2015", "Wednesday, May 13th 2015" */
  label: string;
  /** "/archive/2015", "/archive/2015/05", "/archive/2015/05/13" */
  path: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The calendar date y-m-d as "YYYY-MM-DD", a day or month past the end rolling over (31 April is 1 May). */
function civil(y: number, m: number, d: number): string {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

const monthName = (y: number, m: number): string =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(`${civil(y, m, 1)}T12:00:00Z`));

export const archivePath = (year: number, month?: number, day?: number): string =>
  `/archive/${pad(year, 4)}${month ? `/${pad(month)}${day ? `/${pad(day)}` : ''}` : ''}`;

/**
 * The archive period that /archive/YYYY[/MM[/DD]] names, midnight to midnight in `timeZone`; undefined for a date
 * that does not exist (month 13, 30 February) or a year outside 1000-9998.
 */
export function archivePeriod(timeZone: string, year: number, month?: number, day?: number): ArchivePeriod | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9998) return undefined;
  if (month !== undefined && !(Number.isInteger(month) && month >= 1 && month <= 12)) return undefined;
  if (day !== undefined && (month === undefined || civil(year, month, day) !== `${pad(year, 4)}-${pad(month)}-${pad(day)}`)) return undefined;
  const start = civil(year, month ?? 1, day ?? 1);
  const end = day !== undefined ? civil(year, month ?? 1, day + 1) : month !== undefined ? civil(year, month + 1, 1) : civil(year + 1, 1, 1);
  const from = zonedLocalToUtc(`${start}T00:00`, timeZone);
  const to = zonedLocalToUtc(`${end}T00:00`, timeZone);
  if (!from || !to) return undefined;
  const label =
    day !== undefined ? formatLongDate(`${start}T12:00:00Z`, 'UTC') : month !== undefined ? `${monthName(year, month)} ${year}` : String(year);
  return { year, ...(month !== undefined && { month }), ...(day !== undefined && { day }), from, to, label, path: archivePath(year, month, day) };
}

/** The trail above an archive list: Archive › 2015 › May 2015. */
function ArchiveTrail(props: { period?: ArchivePeriod }) {
  const p = props.period;
  return (
    <>
      <a href="/archive">Archive</a>
      {p?.month !== undefined && (
        <>
          {' › '}
          <a href={archivePath(p.year)}>{p.year}</a>
        </>
      )}
      {p?.day !== undefined && p.month !== undefined && (
        <>
          {' › '}
          <a href={archivePath(p.year, p.month)}>
            {monthName(p.year, p.month)} {p.year}
          </a>
        </>
      )}
    </>
  );
}

/** The articles of one month or one day, newest first. */
export function ArchiveListPage(props: { config: Config; now: Date; period: ArchivePeriod; articles: ArticleSummary[]; page: number; pageCount: number }) {
  const { config, period } = props;
  return (
    <ArticleListPage
      config={config}
      now={props.now}
      title={period.label}
      description={`Articles ${config.siteName} published ${period.day !== undefined ? 'on' : 'in'} ${period.label}.`}
      path={period.path}
      page={props.page}
      pageCount={props.pageCount}
      articles={props.articles}
      trail={<ArchiveTrail period={period} />}
    />
  );
}

/** A list of archive periods with how many articles each holds: the years of the archive, or the months of a year. */
function PeriodList(props: { periods: { period: ArchivePeriod; count: number }[] }) {
  return (
    <ul class="archive-periods">
      {props.periods.map(({ period, count }) => (
        <li>
          <a href={period.path}>{period.month !== undefined ? monthName(period.year, period.month) : period.year}</a>{' '}
          <span class="count">
            ({count} {count === 1 ? 'article' : 'articles'})
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A year of the archive: its months that have articles, with counts. */
export function ArchiveYearPage(props: { config: Config; now: Date; period: ArchivePeriod; months: { period: ArchivePeriod; count: number }[] }) {
  const { config, period } = props;
  const canonical = config.siteUrl + period.path;
  const meta: PageMeta = {
    title: `${period.label} | Archive | ${config.siteName}`,
    description: `What ${config.siteName} published in ${period.label}, month by month.`,
    canonical,
    tags: [
      ['og:type', 'website'],
      ['og:title', `${period.label} | ${config.siteName}`],
      ['og:url', canonical],
    ],
  };
  return (
    <Layout config={config} meta={meta} now={props.now}>
      <nav class="trail" aria-label="You are here">
        <ArchiveTrail />
      </nav>
      <h1 class="section-title">{period.label}</h1>
      <PeriodList periods={props.months} />
    </Layout>
  );
}

/** The archive's front: every year with articles, newest first. */
export function ArchiveIndexPage(props: { config: Config; now: Date; years: { period: ArchivePeriod; count: number }[] }) {
  const { config } = props;
  const canonical = `${config.siteUrl}/archive`;
  const meta: PageMeta = {
    title: `Archive | ${config.siteName}`,
    description: `Everything ${config.siteName} has published, by date.`,
    canonical,
    tags: [
      ['og:type', 'website'],
      ['og:title', `Archive | ${config.siteName}`],
      ['og:url', canonical],
    ],
  };
  return (
    <Layout config={config} meta={meta} now={props.now}>
      <h1 class="section-title">Archive</h1>
      {props.years.length ? <PeriodList periods={props.years} /> : <p class="empty">Nothing has been published yet.</p>}
    </Layout>
  );
}
