import type { Block, Byline, Dateline } from '../domain/article.js';
import { domToBlocks, htmlToBlocks } from './html-blocks.js';
import type { WireParseResult, WireReport } from './types.js';
import {
  asDomNode,
  attr,
  child,
  childElements,
  descendant,
  descendants,
  fail,
  fileLabel,
  finishDraft,
  guard,
  isElement,
  localName,
  makeDateline,
  newReport,
  normaliseForCompare,
  normaliseLanguage,
  parseBylineText,
  parseXml,
  plainTextBlocks,
  removeElement,
  rewriteNitfMedia,
  sectionFrom,
  sniffRoot,
  splitPreformatted,
  tagList,
  text,
  tidyBody,
  toInstant,
  toVersion,
  type XmlDocument,
  type XmlElement,
} from './xml.js';

/**
 * NewsML 1.2, as AFP (and ANA-MPA) send it: NewsML/NewsEnvelope and one or more NewsItems, each with Identification
 * (NewsIdentifier: PublicIdentifier, RevisionId), NewsManagement (dates, status) and nested NewsComponents holding
 * NewsLines (HeadLine, ByLine, DateLine, SlugLine, CopyrightLine), DescriptiveMetadata (Language, Location,
 * SubjectCode, keywords) and ContentItems whose DataContent is NITF, XHTML, escaped HTML or plain text.
 */

const FORMAT = 'newsml-1.2';

/** True when the root element is <NewsML> (NewsML 1.x; NewsML-G2 roots are newsItem/newsMessage). */
export function isNewsml1(input: Buffer): boolean {
  return sniffRoot(input)?.localName === 'NewsML';
}

/** Parses the first text NewsItem of a NewsML 1.x document; further items are named in the warnings. */
export function parseNewsml1(input: Buffer, opts: { fileName?: string } = {}): WireParseResult {
  const file = fileLabel(opts.fileName);
  return guard(file, 'NewsML 1.2', () => {
    const { doc, root, warnings } = parseXml(input, file);
    if (root.nodeName.replace(/^.*:/, '') !== 'NewsML') fail(file, `the root element is <${root.nodeName}>, not <NewsML>`);
    const report = newReport(FORMAT, warnings);
    const items = childElements(root, 'NewsItem');
    if (items.length === 0) fail(file, 'the NewsML document carries no <NewsItem>');
    const textItems = items.filter((item) => textContentItem(item) !== undefined);
    const [first, ...rest] = textItems;
    if (!first) {
      const kinds = [...new Set(items.flatMap((i) => descendants(i, 'MediaType').map((m) => attr(m, 'FormalName') ?? '?')))];
      fail(file, `no text item: the NewsItem${items.length === 1 ? ' carries' : 's carry'} ${kinds.length ? kinds.join(', ') : 'no content'}, not text`);
    }
    if (rest.length || textItems.length < items.length) {
      report.warnings.push(`the document carries ${items.length} NewsItems (${textItems.length} with text); only the first text item was read`);
    }
    return parseItem(first, doc, file, opts.fileName, report);
  });
}

/**
 * The story's ContentItem: one with text (MediaType Text, or NITF/HTML/plain-text content, not a style sheet), searching
 * nested NewsComponents; a component whose Role is Main or Body wins, one with a side Role (Contact, Caption...) loses.
 */
function textContentItem(item: XmlElement): XmlElement | undefined {
  const candidates = descendants(item, 'ContentItem').filter((ci) => {
    const media = (attr(child(ci, 'MediaType'), 'FormalName') ?? '').toLowerCase();
    const mime = `${attr(child(ci, 'MimeType'), 'FormalName') ?? ''} ${attr(child(ci, 'Format'), 'FormalName') ?? ''}`.toLowerCase();
    const data = child(ci, 'DataContent');
    if ((media && media !== 'text') || /css|javascript|image|audio|video/.test(mime)) return false;
    return data !== undefined && (childElements(data).length > 0 || text(data) !== '');
  });
  const rank = (ci: XmlElement): number => {
    const role = (attr(child(ci.parentNode as XmlElement, 'Role'), 'FormalName') ?? '').toLowerCase();
    return role === '' ? 1 : /^(?:main|body|text|story)$/.test(role) ? 0 : 2;
  };
  return candidates.reduce<XmlElement | undefined>((best, ci) => (best === undefined || rank(ci) < rank(best) ? ci : best), undefined);
}

/** A NewsLines field from the outermost NewsComponent that has it. */
const line = (item: XmlElement, name: string): XmlElement | undefined => descendants(item, 'NewsLines').map((nl) => child(nl, name)).find((el) => el && text(el));

/** A Property FormalName=... Value=... among an element's children. */
const property = (el: XmlElement | undefined, name: string): string | undefined =>
  attr(childElements(el, 'Property').find((p) => (attr(p, 'FormalName') ?? '').toLowerCase() === name.toLowerCase()), 'Value');

function parseItem(item: XmlElement, doc: XmlDocument, file: string, source: string | undefined, report: WireReport): WireParseResult {
  const identifier = child(item, 'Identification', 'NewsIdentifier');
  const management = child(item, 'NewsManagement');
  const descriptive = descendant(item, 'DescriptiveMetadata');
  const administrative = descendant(item, 'AdministrativeMetadata');

  const language =
    normaliseLanguage(attr(child(descriptive, 'Language'), 'FormalName')) ?? normaliseLanguage(attr(item, 'lang')) ?? normaliseLanguage(attr(line(item, 'HeadLine'), 'lang'));
  if (language) report.recognised.push(`language: ${language}`);
  else report.warnings.push('no language given; "en" was assumed');

  const headline = text(line(item, 'HeadLine'));
  if (!headline) fail(file, 'no headline: no NewsLines/HeadLine has text');
  report.recognised.push('headline');
  const slug = text(line(item, 'SlugLine'));
  if (slug) report.recognised.push(`slugline: ${slug}`);
  const nameLabel = text(child(item, 'Identification', 'NameLabel'));
  if (nameLabel && nameLabel !== slug) report.recognised.push(`name label: ${nameLabel}`);

  const bylines: Byline[] = [];
  for (const nl of descendants(item, 'NewsLines')) {
    for (const by of childElements(nl, 'ByLine')) {
      const parsed = parseBylineText(text(by));
      report.dropped.push(...parsed.dropped);
      for (const b of parsed.bylines) {
        bylines.push(b);
        report.recognised.push(`byline: ${b.name}`);
      }
    }
  }
  const dateline = readDateline(item, descriptive, report);
  const copyright = text(line(item, 'CopyrightLine'));
  if (copyright) report.dropped.push(`copyright line: ${copyright}`);
  let credit =
    text(line(item, 'CreditLine')) ||
    attr(child(administrative, 'Provider', 'Party'), 'FormalName') ||
    attr(child(administrative, 'Source', 'Party'), 'FormalName') ||
    text(child(identifier, 'ProviderId')) ||
    undefined;

  const body = readBody(textContentItem(item) as XmlElement, doc, report);
  const ctx = { headline, dateline, bylines, report, ...(credit ? { credit } : {}) };
  const blocks = tidyBody(body, ctx);
  if (!credit && ctx.credit) credit = ctx.credit;
  if (credit) report.recognised.push(`credit: ${credit}`);

  const subHeadline = text(line(item, 'SubHeadLine'));
  const lead = blocks.find((b) => b.type === 'paragraph');
  const leadText = lead?.type === 'paragraph' ? normaliseForCompare(lead.text) : '';
  let standfirst: string | undefined;
  if (subHeadline && !(leadText && leadText.startsWith(normaliseForCompare(subHeadline))) && normaliseForCompare(subHeadline) !== normaliseForCompare(headline)) {
    standfirst = subHeadline;
    report.recognised.push('standfirst (SubHeadLine)');
  } else if (subHeadline) {
    report.dropped.push(`SubHeadLine repeating the lead: ${subHeadline.slice(0, 80)}`);
  }

  const tags = tagList([
    ...childElements(descriptive, 'Property')
      .filter((p) => /^keyword$/i.test(attr(p, 'FormalName') ?? ''))
      .map((p) => attr(p, 'Value')),
    ...descendants(item, 'Topic').map((topic) => {
      const names = childElements(topic, 'Description').filter((d) => /name/i.test(attr(d, 'Variant') ?? ''));
      const primary = (language ?? 'en').split('-')[0];
      return text(names.find((d) => attr(d, 'lang')?.toLowerCase().split('-')[0] === primary) ?? names.find((d) => attr(d, 'lang')?.toLowerCase() === 'en') ?? names[0]);
    }),
    ...text(line(item, 'KeywordLine')).split(/[,;]/),
  ]);
  if (tags.length) report.recognised.push(`tags: ${tags.length} (keywords and topics)`);
  const codes = descendants(descriptive, 'SubjectCode').flatMap((sc) => childElements(sc).map((s) => ({ code: attr(s, 'FormalName') })));
  const section = sectionFrom(codes);
  if (section) report.recognised.push(`section: ${section}`);

  const w = report.warnings;
  const firstCreated = toInstant(text(child(management, 'FirstCreated')), 'FirstCreated', w);
  const revision = toInstant(text(child(management, 'ThisRevisionCreated')), 'ThisRevisionCreated', w);
  const published = firstCreated ?? revision ?? toInstant(text(descendant(item.parentNode as XmlElement, 'DateAndTime')), 'NewsEnvelope DateAndTime', w);
  if (published) report.recognised.push(`published: ${published}`);
  else w.push('no FirstCreated or ThisRevisionCreated date; publishedAt is empty');

  const status = (attr(child(management, 'Status'), 'FormalName') ?? '').toLowerCase();
  let embargo: string | undefined;
  if (status) report.recognised.push(`status: ${status}`);
  const willChange = child(management, 'StatusWillChange');
  if (willChange) embargo = toInstant(text(child(willChange, 'DateAndTime')), 'StatusWillChange DateAndTime', w);
  if (status === 'embargoed' && !embargo) w.push('the item is embargoed, but gives no time the embargo ends');
  if (status && status !== 'usable' && status !== 'embargoed') w.push(`the item's status is "${status}": it is not for publication as it stands`);
  if (embargo) report.recognised.push(`embargoed until ${embargo}`);
  const urgency = attr(child(management, 'Urgency'), 'FormalName');
  if (urgency) report.recognised.push(`urgency: ${urgency}`);

  const publicId = text(child(identifier, 'PublicIdentifier'));
  const providerId = text(child(identifier, 'ProviderId'));
  const itemId = text(child(identifier, 'NewsItemId'));
  const wireId = publicId || (providerId && itemId ? `${providerId}:${itemId}` : itemId) || undefined;
  const version = toVersion(text(child(identifier, 'RevisionId')));
  if (wireId) report.recognised.push(`id: ${wireId}${version !== undefined ? ` (revision ${version})` : ''}`);
  else report.warnings.push('no NewsIdentifier; the item has no agency id');

  const article = {
    headline,
    dateline: ctx.dateline,
    bylines: ctx.bylines,
    body: blocks,
    tags,
    publishedAt: published,
    language,
    standfirst,
    section,
    credit,
    source,
    wireId,
    wireVersion: version,
    embargoUntil: embargo,
  };
  return { article: finishDraft(article, report, file), report };
}

function readDateline(item: XmlElement, descriptive: XmlElement | undefined, report: WireReport): Dateline | null {
  const printed = text(line(item, 'DateLine'));
  const location = childElements(descriptive, 'Location').find((l) => !attr(l, 'HowPresent') || /origin/i.test(attr(l, 'HowPresent') ?? '')) ?? child(descriptive, 'Location');
  const city = property(location, 'City') ?? property(descriptive, 'City');
  const country = property(location, 'Country') ?? property(descriptive, 'Country');
  const dateline = makeDateline({ ...(printed ? { text: printed } : {}), ...(city ? { city } : {}), ...(country ? { country } : {}) });
  if (dateline) report.recognised.push(`dateline: ${dateline.text}${dateline.country ? ` (${dateline.country})` : ''}`);
  return dateline;
}

function readBody(contentItem: XmlElement, doc: XmlDocument, report: WireReport): Block[] {
  const data = child(contentItem, 'DataContent') as XmlElement;
  const format = attr(child(contentItem, 'Format'), 'FormalName') ?? '';
  const top = childElements(data);
  const first = top[0];
  let root: XmlElement = data;
  if (first && localName(first) === 'nitf') {
    const body = child(first, 'body');
    root = child(body, 'body.content') ?? body ?? first;
    const head = child(body, 'body.head');
    if (root !== head && head && root === body) removeElement(head);
    report.recognised.push(`body: NITF (${format || 'no Format'})`);
  } else if (first && localName(first) === 'html') {
    root = child(first, 'body') ?? first;
    report.recognised.push('body: XHTML');
  } else if (top.length === 0) {
    const raw = collectText(data);
    const isHtml = /html/i.test(format) || /<\s*(?:p|br|div)\b[^>]*>/i.test(raw);
    const converted = isHtml ? htmlToBlocks(raw) : plainTextBlocks(raw);
    report.warnings.push(...converted.warnings);
    report.recognised.push(`body: ${isHtml ? 'escaped HTML' : 'plain text'} (${format || 'no Format'})`);
    return converted.blocks;
  } else {
    report.recognised.push(`body: inline elements (${format || 'no Format'})`);
  }
  report.dropped.push(...rewriteNitfMedia(doc, root));
  if (splitPreformatted(doc, root)) report.recognised.push('preformatted text split into paragraphs');
  const converted = domToBlocks(asDomNode(root));
  report.warnings.push(...converted.warnings);
  return converted.blocks;
}

/** The text and CDATA inside DataContent. */
function collectText(el: XmlElement): string {
  let out = '';
  const kids = el.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k && !isElement(k)) out += k.nodeValue ?? '';
  }
  return out;
}

