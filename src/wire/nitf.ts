import type { Block, Byline, Dateline } from '../domain/article.js';
import { domToBlocks } from './html-blocks.js';
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
  localName,
  makeDateline,
  newReport,
  normaliseForCompare,
  normaliseLanguage,
  parseBylineText,
  parseXml,
  removeElement,
  rewriteNitfMedia,
  sectionFrom,
  sniffRoot,
  splitPreformatted,
  tagList,
  text,
  textWithout,
  tidyBody,
  toInstant,
  type XmlDocument,
  type XmlElement,
} from './xml.js';

/**
 * NITF (News Industry Text Format) stories as AAP, AP, EFE, NTB, PA and others send them: head/title and docdata
 * (doc-id, dates, urgency, keywords), tobject subjects, and body.head (hedline, byline, dateline, abstract) over
 * body.content. A NITF document wrapped in another element (e.g. a NewsML-G2 contentSet fragment) is read too.
 */

const FORMAT = 'nitf';

/** True when the root element is <nitf>. */
export function isNitf(input: Buffer): boolean {
  return sniffRoot(input)?.localName.toLowerCase() === 'nitf';
}

/** Parses one NITF story. */
export function parseNitf(input: Buffer, opts: { fileName?: string } = {}): WireParseResult {
  const file = fileLabel(opts.fileName);
  return guard(file, 'NITF', () => {
    const { doc, root, warnings } = parseXml(input, file);
    const report = newReport(FORMAT, warnings);
    let nitf = root;
    if (localName(root) !== 'nitf') {
      const inner = descendant(root, 'nitf');
      if (!inner) fail(file, `the root element is <${root.nodeName}>, and there is no <nitf> element in the file`);
      report.warnings.push(`the NITF story is wrapped in <${root.nodeName}>; the wrapper's own metadata was not read`);
      nitf = inner;
    }
    return parseNitfElement(nitf, doc, file, opts.fileName, report);
  });
}

function parseNitfElement(nitf: XmlElement, doc: XmlDocument, file: string, source: string | undefined, report: WireReport): WireParseResult {
  const head = child(nitf, 'head');
  const docdata = child(head, 'docdata');
  const body = child(nitf, 'body');
  const bodyHead = child(body, 'body.head');

  const language = normaliseLanguage(attr(nitf, 'baselang')) ?? normaliseLanguage(attr(nitf, 'lang')) ?? normaliseLanguage(attr(body, 'lang'));
  if (language) report.recognised.push(`language: ${language}`);

  const headline = readHeadline(head, bodyHead, docdata, report, file);
  const bylines = readBylines(bodyHead, report);
  const dateline = readDateline(bodyHead, docdata, report);
  let credit = text(child(bodyHead, 'distributor')) || attr(child(docdata, 'doc.copyright'), 'holder') || text(child(bodyHead, 'rights', 'rights.owner')) || undefined;

  for (const note of [...childElements(bodyHead, 'note'), ...childElements(docdata, 'ed-msg')]) {
    const t = text(note) || attr(note, 'info');
    if (t) report.dropped.push(`editor's note: ${t}`);
    if (localName(note) === 'note') removeElement(note);
  }

  const content = child(body, 'body.content');
  let blocks: Block[] = [];
  if (content) {
    report.dropped.push(...rewriteNitfMedia(doc, content));
    if (splitPreformatted(doc, content)) report.recognised.push('preformatted text split into paragraphs');
    const converted = domToBlocks(asDomNode(content));
    report.warnings.push(...converted.warnings);
    blocks = converted.blocks;
  } else {
    report.warnings.push('no <body.content>');
  }
  for (const tagline of descendants(child(body, 'body.end'), 'tagline')) if (text(tagline)) report.dropped.push(`tagline: ${text(tagline)}`);

  const ctx = { headline, dateline, bylines: [...bylines], report, ...(credit ? { credit } : {}) };
  blocks = tidyBody(blocks, ctx);
  if (!credit && ctx.credit) credit = ctx.credit;
  if (credit) report.recognised.push(`credit: ${credit}`);

  const standfirst = readStandfirst(bodyHead, headline, blocks, report);
  const subjects = descendants(head, 'tobject.subject');
  const tags = tagList([
    ...subjects.flatMap((s) => [attr(s, 'tobject.subject.type'), attr(s, 'tobject.subject.matter'), attr(s, 'tobject.subject.detail')]),
    ...descendants(docdata, 'keyword').map((k) => attr(k, 'key')),
  ]);
  if (tags.length) report.recognised.push(`tags: ${tags.length} (tobject subjects and keywords)`);
  const scope = attr(child(docdata, 'doc-scope'), 'scope');
  const section = sectionFrom([
    ...(scope ? [{ name: scope }] : []),
    ...subjects.map((s) => ({ name: attr(s, 'tobject.subject.type'), code: attr(s, 'tobject.subject.refnum') })),
  ]);
  if (section) report.recognised.push(`section: ${section}`);

  const w = report.warnings;
  const issued = toInstant(attr(child(docdata, 'date.issue'), 'norm'), 'date.issue', w);
  const released = toInstant(attr(child(docdata, 'date.release'), 'norm'), 'date.release', w);
  const published =
    issued ??
    toInstant(attr(descendant(bodyHead, 'story.date'), 'norm') ?? text(descendant(bodyHead, 'story.date')), 'story.date', w) ??
    toInstant(attr(child(head, 'pubdata'), 'date.publication'), 'pubdata date.publication', w);
  if (published) report.recognised.push(`published: ${published}`);
  else w.push('no date.issue, story.date or pubdata date; publishedAt is empty');
  const status = attr(docdata, 'management-status');
  const embargo = released && (status === 'embargoed' || !published || released > published) ? released : undefined;
  if (embargo) report.recognised.push(`embargoed until ${embargo} (date.release)`);
  if (status && status !== 'usable' && status !== 'embargoed') w.push(`the story's management-status is "${status}"`);

  const urgency = attr(child(docdata, 'urgency'), 'ed-urg');
  if (urgency) report.recognised.push(`urgency: ${urgency}`);
  const duKey = attr(child(docdata, 'du-key'), 'key');
  if (duKey) report.recognised.push(`du-key: ${duKey}`);
  const docId = attr(child(docdata, 'doc-id'), 'id-string');
  if (docId) report.recognised.push(`doc-id: ${docId}`);
  else report.warnings.push('no doc-id; the story has no agency id');

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
    wireId: docId,
    embargoUntil: embargo,
  };
  return { article: finishDraft(article, report, file), report };
}

function readHeadline(head: XmlElement | undefined, bodyHead: XmlElement | undefined, docdata: XmlElement | undefined, report: WireReport, file: string): string {
  const hedline = child(bodyHead, 'hedline') ?? child(bodyHead, 'headline');
  const hl1 = text(child(hedline, 'hl1'));
  if (hl1) {
    report.recognised.push('headline (hl1)');
    return hl1;
  }
  let title = text(child(head, 'title'));
  if (!title) fail(file, 'no headline: neither body.head/hedline/hl1 nor head/title has text');
  // PA numbers its titles by series part: "1 SOCCER INT-Teams".
  const part = attr(child(docdata, 'series'), 'series.part');
  if (part && title.startsWith(`${part} `)) title = title.slice(part.length + 1);
  report.recognised.push('headline (head/title)');
  return title;
}

function readBylines(bodyHead: XmlElement | undefined, report: WireReport): Byline[] {
  const bylines: Byline[] = [];
  for (const byline of childElements(bodyHead, 'byline')) {
    const persons = childElements(byline, 'person').map(text).filter(Boolean);
    const role = text(child(byline, 'byttl')) || undefined;
    const parsed = parseBylineText(textWithout(byline, 'byttl'), { ...(role ? { role } : {}), ...(persons.length ? { names: persons } : {}) });
    report.dropped.push(...parsed.dropped);
    for (const b of parsed.bylines) {
      bylines.push(b);
      report.recognised.push(`byline: ${b.name}${b.role ? `, ${b.role}` : ''}`);
    }
  }
  return bylines;
}

function readDateline(bodyHead: XmlElement | undefined, docdata: XmlElement | undefined, report: WireReport): Dateline | null {
  const el = child(bodyHead, 'dateline');
  const location = descendant(el, 'location');
  const city = text(descendant(location, 'city')) || undefined;
  const country = text(descendant(location, 'country')) || attr(descendant(location, 'country'), 'iso-cc') || undefined;
  const parts = childElements(location).map(text).filter(Boolean);
  const printed = parts.length > 1 ? parts.join(', ') : textWithout(el, 'story.date');
  let dateline = makeDateline({ ...(printed ? { text: printed } : {}), ...(city ? { city } : {}), ...(country ? { country } : {}) });
  let from = 'dateline';
  if (!dateline) {
    const evloc = child(docdata, 'evloc');
    const evCity = attr(evloc, 'city');
    const evCountry = attr(evloc, 'iso-cc') ?? attr(evloc, 'country');
    if (evCity || evCountry) {
      dateline = makeDateline({ ...(evCity ? { city: evCity, text: evCity } : {}), ...(evCountry ? { country: evCountry } : {}) });
      from = 'docdata evloc';
    }
  }
  if (dateline) report.recognised.push(`dateline (${from}): ${dateline.text}`);
  return dateline;
}

function readStandfirst(bodyHead: XmlElement | undefined, headline: string, blocks: Block[], report: WireReport): string | undefined {
  const hedline = child(bodyHead, 'hedline') ?? child(bodyHead, 'headline');
  const candidates: [string, string][] = [
    [text(child(bodyHead, 'abstract')), 'standfirst (abstract)'],
    ...childElements(hedline, 'hl2').map((h): [string, string] => [text(h), 'standfirst (hl2)']),
  ];
  const lead = blocks.find((b) => b.type === 'paragraph');
  const leadText = lead?.type === 'paragraph' ? normaliseForCompare(lead.text) : '';
  for (const [value, note] of candidates) {
    if (!value) continue;
    const v = normaliseForCompare(value);
    if (v === normaliseForCompare(headline) || (leadText && leadText.startsWith(v))) {
      report.dropped.push(`${note.replace(/^standfirst /, '')} repeating the ${v === normaliseForCompare(headline) ? 'headline' : 'lead'}: ${value.slice(0, 80)}`);
      continue;
    }
    report.recognised.push(note);
    return value;
  }
  return undefined;
}
