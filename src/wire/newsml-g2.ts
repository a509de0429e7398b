import type { Block, Byline, Dateline } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { domToBlocks, htmlToBlocks } from './html-blocks.js';
import type { WireParseResult, WireReport } from './types.js';
import {
  asDomNode,
  attr,
  child,
  childElements,
  descendant,
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
  plainTextBlocks,
  qcodeValue,
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
  toVersion,
  type XmlDocument,
  type XmlElement,
} from './xml.js';

/**
 * NewsML-G2 text items (IPTC's XML news format): a <newsItem>, or a <newsMessage> whose itemSet carries one or more.
 * Reads contentMeta (headline, slugline, by, dateline, located, subjects, description), itemMeta (dates, pubStatus,
 * embargo) and the contentSet body (inline XHTML or NITF, or text/plain inlineData). Pictures, videos, packages,
 * concept, knowledge and planning items are refused: they are not stories.
 */

const FORMAT = 'newsml-g2';
const G2_NAMESPACE = 'http://iptc.org/std/nar/2006-10-01/';
const ROOTS = new Set(['newsItem', 'newsMessage', 'packageItem', 'conceptItem', 'knowledgeItem', 'planningItem', 'catalogItem']);

const ITEM_KINDS: Record<string, string> = {
  packageitem: 'a package item (a list of other items)',
  conceptitem: 'a concept item (a description of a person, place or subject)',
  knowledgeitem: 'a knowledge item (a set of concepts)',
  planningitem: 'a planning item (news coverage plans)',
  catalogitem: 'a catalog item (a list of codes)',
};

/** True for a NewsML-G2 document: a G2 root element (newsItem, newsMessage, packageItem...) in the G2 namespace. */
export function isNewsmlG2(input: Buffer): boolean {
  const root = sniffRoot(input);
  if (!root || !ROOTS.has(root.localName)) return false;
  // Some agencies (TT) leave the namespace out; their items still say standard="NewsML-G2".
  return root.namespace === G2_NAMESPACE || (root.namespace === undefined && /\bstandard\s*=\s*["']NewsML-G2["']/.test(root.sample));
}

/** Parses the first text item of a NewsML-G2 newsItem or newsMessage; other items in a message are named in the warnings. */
export function parseNewsmlG2(input: Buffer, opts: { fileName?: string } = {}): WireParseResult {
  const file = fileLabel(opts.fileName);
  return guard(file, 'NewsML-G2', () => {
    const { items, warnings, skipped, doc } = readItems(input, file);
    const [first, ...rest] = items;
    if (!first) return fail(file, 'no text item found');
    const result = parseItem(first, doc, file, opts.fileName, warnings);
    result.report.warnings.push(...skipped);
    if (rest.length) {
      result.report.warnings.push(
        `the newsMessage carries ${rest.length} more text item${rest.length === 1 ? '' : 's'} (${rest.map((r) => attr(r, 'guid') ?? 'no guid').join(', ')}); only the first was read`,
      );
    }
    return result;
  });
}

/**
 * Parses every text item of a NewsML-G2 newsItem or newsMessage, in document order, for importers that take them all.
 * An item that cannot be read (no headline, say) is left out and named in the first result's warnings; when no item
 * can be read, the first item's error is thrown.
 */
export function parseNewsmlG2All(input: Buffer, opts: { fileName?: string } = {}): WireParseResult[] {
  const file = fileLabel(opts.fileName);
  return guard(file, 'NewsML-G2', () => {
    const { items, warnings, skipped, doc } = readItems(input, file);
    const results: WireParseResult[] = [];
    const failures: AppError[] = [];
    items.forEach((item, i) => {
      try {
        results.push(parseItem(item, doc, items.length > 1 ? `${file} (item ${i + 1})` : file, opts.fileName, warnings));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failures.push(error);
      }
    });
    const [first] = results;
    if (!first) throw failures[0] ?? new AppError('invalid_wire_copy', `${file}: no text item could be read`);
    first.report.warnings.push(...skipped, ...failures.map((f) => `an item was left out: ${f.message}`));
    return results;
  });
}

// ---------------------------------------------------------------------------------------------

interface Items {
  doc: XmlDocument;
  items: XmlElement[];
  warnings: string[];
  /** Warnings about non-text items in a message, for the first result's report. */
  skipped: string[];
}

function readItems(input: Buffer, file: string): Items {
  const { doc, root, warnings } = parseXml(input, file);
  const rootName = localName(root);
  if (rootName === 'newsitem') {
    checkTextItem(root, file);
    return { doc, items: [root], warnings, skipped: [] };
  }
  if (ITEM_KINDS[rootName]) fail(file, `this is ${ITEM_KINDS[rootName]}, not a text item`);
  if (rootName !== 'newsmessage') fail(file, `the root element is <${root.nodeName}>, not a NewsML-G2 newsItem or newsMessage`);

  const all = childElements(child(root, 'itemSet')).length ? childElements(child(root, 'itemSet')) : childElements(root).filter((e) => localName(e) !== 'header');
  const items: XmlElement[] = [];
  const others: string[] = [];
  for (const el of all) {
    const name = localName(el);
    if (name === 'newsitem' && itemKind(el) === 'text') items.push(el);
    else if (name === 'newsitem') others.push(`a ${itemKind(el)} item`);
    else others.push(ITEM_KINDS[name]?.replace(/ \(.*\)$/, '') ?? `<${el.nodeName}>`);
  }
  if (items.length === 0) {
    if (others.length === 0) fail(file, 'the newsMessage carries no items');
    fail(file, `the newsMessage carries ${others.join(', ')}, but no text item`);
  }
  const skipped = others.length ? [`the newsMessage also carries ${others.join(', ')}; skipped, as only text items are read`] : [];
  return { doc, items, warnings, skipped };
}

/** "text", "picture", "video", "graphic", "audio", "composite"... from itemMeta/itemClass; "text" when absent. */
function itemKind(item: XmlElement): string {
  const qcode = attr(child(item, 'itemMeta', 'itemClass'), 'qcode') ?? attr(child(item, 'itemMeta', 'itemClass'), 'literal');
  return (qcodeValue(qcode) ?? 'text').toLowerCase();
}

function checkTextItem(item: XmlElement, file: string): void {
  const kind = itemKind(item);
  if (kind !== 'text') fail(file, `this is a ${kind} item, not a text item (itemClass ${attr(child(item, 'itemMeta', 'itemClass'), 'qcode') ?? kind})`);
}

/** A <headline> or <name> in the language wanted, else one without a language, else the first. */
function inLanguage(elements: XmlElement[], language: string | undefined): XmlElement | undefined {
  const primary = language?.split('-')[0];
  return (
    elements.find((e) => primary !== undefined && attr(e, 'lang')?.toLowerCase().split('-')[0] === primary) ??
    elements.find((e) => attr(e, 'lang') === undefined) ??
    elements[0]
  );
}

/** The display name of a subject or concept: a <name> without a short/mnemonic role, in the item's language. */
function conceptName(el: XmlElement, language: string | undefined, useLiteral = true): string {
  const names = childElements(el, 'name').filter((n) => text(n) !== '');
  const display = names.filter((n) => !/short|mnemonic|abbrev/i.test(attr(n, 'role') ?? ''));
  return text(inLanguage(display.length ? display : names, language)) || (useLiteral ? attr(el, 'literal') : undefined) || '';
}

function parseItem(item: XmlElement, doc: XmlDocument, file: string, source: string | undefined, parseWarnings: string[]): WireParseResult {
  const report = newReport(FORMAT, parseWarnings);
  const itemMeta = child(item, 'itemMeta');
  const contentMeta = child(item, 'contentMeta');
  if (!contentMeta) report.warnings.push('the item has no <contentMeta>');

  const language = normaliseLanguage(attr(child(contentMeta, 'language'), 'tag')) ?? normaliseLanguage(attr(item, 'lang'));
  if (language) report.recognised.push(`language: ${language}`);
  else report.warnings.push('no language given; "en" was assumed');

  // The body first: a headline or byline missing from contentMeta may be in the inline NITF.
  const body = readBody(item, doc, report);

  const headline = readHeadline(contentMeta, body.nitfHeadline, language, report, file);
  const slugline = text(child(contentMeta, 'slugline'));
  if (slugline) report.recognised.push(`slugline: ${slugline}`);

  let bylines = readBylines(contentMeta, body.nitfByline, report);
  let credit = text(child(contentMeta, 'creditline')).replace(/[\s–—-]+$/, '') || undefined;
  const sourceConcept = child(contentMeta, 'infoSource') ?? child(itemMeta, 'provider');
  if (!credit && sourceConcept) credit = conceptName(sourceConcept, language) || undefined;
  if (!credit) {
    const holder = child(item, 'rightsInfo', 'copyrightHolder');
    credit = holder ? conceptName(holder, language) || undefined : undefined;
  }

  const dateline = readDateline(contentMeta, language, report);

  const ctx = { headline, dateline, bylines: [...bylines], report, ...(credit ? { credit } : {}) };
  const blocks = tidyBody(body.blocks, ctx);
  bylines = ctx.bylines;
  if (!credit && ctx.credit) credit = ctx.credit;
  if (credit) report.recognised.push(`credit: ${credit}`);

  const standfirst = readStandfirst(contentMeta, body.abstract, headline, blocks, language, report);
  const tags = readTags(contentMeta, language, report);
  const section = sectionFrom(
    childElements(contentMeta, 'subject').map((s) => ({ name: conceptName(s, 'en', false), code: attr(s, 'qcode') })),
  );
  if (section) report.recognised.push(`section: ${section}`);

  const dates = readDates(itemMeta, contentMeta, report);
  const guid = attr(item, 'guid');
  const version = toVersion(attr(item, 'version'));
  if (guid) report.recognised.push(`guid: ${guid}${version !== undefined ? ` (version ${version})` : ''}`);
  else report.warnings.push('the newsItem has no guid');

  const pubStatus = qcodeValue(attr(child(itemMeta, 'pubStatus'), 'qcode'))?.toLowerCase();
  if (pubStatus) report.recognised.push(`pubStatus: ${pubStatus}`);
  if (pubStatus && pubStatus !== 'usable') report.warnings.push(`the item's pubStatus is "${pubStatus}": it is not for publication as it stands`);
  for (const note of childElements(itemMeta, 'edNote')) if (text(note)) report.dropped.push(`ednote: ${text(note)}`);
  const signals = childElements(itemMeta, 'signal').map((s) => attr(s, 'qcode')).filter(Boolean);
  if (signals.length) report.recognised.push(`signals: ${signals.join(', ')}`);

  const article = {
    headline,
    dateline: ctx.dateline,
    bylines,
    body: blocks,
    tags,
    publishedAt: dates.published,
    language,
    standfirst,
    section,
    credit,
    source,
    wireId: guid,
    wireVersion: version,
    embargoUntil: dates.embargo,
  };
  return { article: finishDraft(article, report, file), report };
}

function readHeadline(contentMeta: XmlElement | undefined, nitfHeadline: string, language: string | undefined, report: WireReport, file: string): string {
  const all = childElements(contentMeta, 'headline').filter((h) => text(h) !== '');
  const main = all.filter((h) => {
    const role = (attr(h, 'role') ?? '').toLowerCase();
    return role === '' || role.endsWith(':main') || role === 'main';
  });
  const chosen = inLanguage(main.length ? main : all, language);
  const headline = text(chosen);
  if (headline) {
    report.recognised.push('headline');
    return headline;
  }
  if (nitfHeadline) {
    report.recognised.push('headline (from the inline NITF <hl1>)');
    return nitfHeadline;
  }
  return fail(file, 'no headline: contentMeta has no <headline> with text, and the body has none either');
}

/** Words that make a creator an organisation ("Opta Sports Data", "The Sports Network"), not a person. */
const ORGANISATION_WORDS = /\b(?:data|sports?|news|media|press|agency|service|group|inc|ltd|llc|gmbh|network|online|wire|staff|desk|team)\b/i;

function readBylines(contentMeta: XmlElement | undefined, nitfByline: XmlElement | undefined, report: WireReport): Byline[] {
  const bylines: Byline[] = [];
  const take = (raw: string, opts: { role?: string; names?: string[] } = {}, from = 'by') => {
    const parsed = parseBylineText(raw, opts);
    report.dropped.push(...parsed.dropped);
    for (const b of parsed.bylines) {
      bylines.push(b);
      report.recognised.push(`byline (${from}): ${b.name}${b.role ? `, ${b.role}` : ''}`);
    }
  };
  for (const by of childElements(contentMeta, 'by')) if (text(by)) take(text(by));
  if (bylines.length === 0 && nitfByline) {
    const persons = childElements(nitfByline, 'person').map(text).filter(Boolean);
    const role = text(child(nitfByline, 'byttl')) || undefined;
    take(textWithout(nitfByline, 'byttl'), { ...(role ? { role } : {}), ...(persons.length ? { names: persons } : {}) }, 'NITF byline');
  }
  if (bylines.length === 0) {
    // A <creator> is a byline only when it reads as a person's name: not "Reuters", "VRG" or a login like "degenhardt.sandra".
    for (const creator of childElements(contentMeta, 'creator')) {
      const role = attr(creator, 'role') ?? '';
      const name = text(child(creator, 'name')) || attr(creator, 'literal') || '';
      if (!name || /photographer|camera|graphic/i.test(role)) continue;
      if (!/^\p{Lu}[\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){1,4}$/u.test(name) || /\.\w+$/.test(name) || ORGANISATION_WORDS.test(name)) {
        report.recognised.push(`creator (not taken as a byline): ${name}`);
        continue;
      }
      take(name, {}, 'creator');
    }
  }
  return bylines;
}

function readDateline(contentMeta: XmlElement | undefined, language: string | undefined, report: WireReport): Dateline | null {
  const printed = text(child(contentMeta, 'dateline'));
  const located = child(contentMeta, 'located');
  let city: string | undefined;
  let country: string | undefined;
  if (located) {
    const type = (attr(located, 'type') ?? '').toLowerCase();
    const name = conceptName(located, language) || undefined;
    const isCountry = /country|cntry/.test(type) || /^(?:iso3166|cntry|country)/i.test(attr(located, 'qcode') ?? '');
    if (isCountry) country = name ?? countryCode(attr(located, 'qcode'));
    else city = name;
    for (const broader of childElements(located, 'broader')) {
      const bType = `${attr(broader, 'type') ?? ''} ${attr(broader, 'qcode') ?? ''}`.toLowerCase();
      if (!country && /country|cntry|iso3166/.test(bType)) country = conceptName(broader, language) || countryCode(attr(broader, 'qcode'));
    }
  }
  // The located place is the dateline's place only when they agree; AP's <located> can be a different city.
  const printedCity = normaliseForCompare(printed.split(/[,(]/)[0] ?? '');
  const agrees = !printed || !city || printedCity === '' || printedCity === normaliseForCompare(city) || normaliseForCompare(city).startsWith(printedCity);
  // A located name like "New York, NY" is the printed form; its city is the first part.
  const shown = printed || city;
  const dateline = makeDateline({
    ...(shown ? { text: shown } : {}),
    ...(agrees && city ? { city: city.split(',')[0]?.trim() ?? city } : {}),
    ...(agrees && country ? { country } : {}),
  });
  if (dateline) report.recognised.push(`dateline: ${dateline.text}${dateline.country ? ` (${dateline.country})` : ''}`);
  return dateline;
}

/** "iso3166-1a2:DE" → "DE", "cntry:USA" → "USA": a code countryName can read. */
function countryCode(qcode: string | undefined): string | undefined {
  const v = qcodeValue(qcode);
  return v && /^[A-Za-z]{2,3}$/.test(v) ? v.toUpperCase() : undefined;
}

function readStandfirst(
  contentMeta: XmlElement | undefined,
  abstract: string,
  headline: string,
  blocks: Block[],
  language: string | undefined,
  report: WireReport,
): string | undefined {
  const summaries = childElements(contentMeta, 'description').filter((d) => /summary/i.test(attr(d, 'role') ?? '') && text(d));
  const sub = childElements(contentMeta, 'headline').filter((h) => /sub/i.test(attr(h, 'role') ?? '') && text(h));
  const candidates: [string, string][] = [
    [text(inLanguage(summaries, language)), 'standfirst (description drol:summary)'],
    [abstract, 'standfirst (NITF abstract)'],
    [text(inLanguage(sub, language)), 'standfirst (sub-headline)'],
  ];
  const lead = blocks.find((b) => b.type === 'paragraph');
  const leadText = lead?.type === 'paragraph' ? normaliseForCompare(lead.text) : '';
  for (const [value, note] of candidates) {
    if (!value) continue;
    const v = normaliseForCompare(value);
    if (v === normaliseForCompare(headline) || (leadText && leadText.startsWith(v))) {
      report.dropped.push(`summary repeating the ${v === normaliseForCompare(headline) ? 'headline' : 'lead'}: ${value.slice(0, 80)}`);
      continue;
    }
    report.recognised.push(note);
    return value;
  }
  return undefined;
}

function readTags(contentMeta: XmlElement | undefined, language: string | undefined, report: WireReport): string[] {
  // A subject's literal is a code or a free label (ANSA repeats the headline there), so only <name>s become tags.
  const names = childElements(contentMeta, 'subject').map((s) => conceptName(s, language, false));
  const keywords = childElements(contentMeta, 'keyword').map(text);
  const tags = tagList([...names, ...keywords]);
  if (tags.length) report.recognised.push(`tags: ${tags.length} (subjects and keywords)`);
  return tags;
}

function readDates(itemMeta: XmlElement | undefined, contentMeta: XmlElement | undefined, report: WireReport): { published?: string; embargo?: string } {
  const w = report.warnings;
  const first = toInstant(text(child(itemMeta, 'firstCreated')), 'firstCreated', w);
  const version = toInstant(text(child(itemMeta, 'versionCreated')), 'versionCreated', w);
  const created = toInstant(text(child(contentMeta, 'contentCreated')), 'contentCreated', w);
  const embargo = toInstant(text(child(itemMeta, 'embargoed')), 'embargoed', w);
  if (first) report.recognised.push(`firstCreated: ${first}`);
  if (version) report.recognised.push(`versionCreated: ${version}`);
  if (embargo) report.recognised.push(`embargoed until ${embargo}`);
  const published = first ?? created ?? version;
  if (!published) w.push('no firstCreated, contentCreated or versionCreated date; publishedAt is empty');
  return { ...(published ? { published } : {}), ...(embargo ? { embargo } : {}) };
}

// ---------------------------------------------------------------------------------------------
// The body

interface Body {
  blocks: Block[];
  nitfHeadline: string;
  nitfByline?: XmlElement;
  abstract: string;
}

const CONTENT_PREFERENCE = [/nitf/i, /xhtml/i, /html/i, /xml/i];

function readBody(item: XmlElement, doc: XmlDocument, report: WireReport): Body {
  const contentSet = child(item, 'contentSet');
  const inline = childElements(contentSet, 'inlineXML').filter((x) => childElements(x).length > 0);
  const data = childElements(contentSet, 'inlineData').filter((x) => text(x) !== '');
  const remote = childElements(contentSet, 'remoteContent');
  for (const r of remote) report.dropped.push(`remote content ${attr(r, 'contenttype') ?? ''} ${attr(r, 'href') ?? ''}`.replace(/\s+/g, ' ').trim());

  const rank = (el: XmlElement): number => {
    const type = attr(el, 'contenttype') ?? '';
    const i = CONTENT_PREFERENCE.findIndex((re) => re.test(type));
    return i === -1 ? CONTENT_PREFERENCE.length : i;
  };
  const chosen = [...inline].sort((a, b) => rank(a) - rank(b))[0];
  if (chosen) {
    if (inline.length > 1) report.warnings.push(`the item has ${inline.length} inline renditions; the ${attr(chosen, 'contenttype') ?? 'first'} one was read`);
    return inlineXmlBody(chosen, doc, report);
  }
  const plain = data.find((d) => /text\/plain/i.test(attr(d, 'contenttype') ?? '')) ?? data.find((d) => /html/i.test(attr(d, 'contenttype') ?? '')) ?? data[0];
  if (plain) {
    const type = attr(plain, 'contenttype') ?? 'text/plain';
    const raw = plain.textContent ?? '';
    const converted = /html/i.test(type) ? htmlToBlocks(raw) : plainTextBlocks(raw);
    report.warnings.push(...converted.warnings);
    report.recognised.push(`body: inlineData ${type}`);
    return { blocks: converted.blocks, nitfHeadline: '', abstract: '' };
  }
  return { blocks: [], nitfHeadline: '', abstract: '' };
}

function inlineXmlBody(inline: XmlElement, doc: XmlDocument, report: WireReport): Body {
  const top = childElements(inline)[0] as XmlElement;
  const kind = localName(top);
  if (kind === 'nitf') {
    const body = child(top, 'body');
    const head = child(body, 'body.head');
    const hedline = child(head, 'hedline') ?? child(head, 'headline');
    const nitfHeadline = text(child(hedline, 'hl1')) || text(child(top, 'head', 'title'));
    const byline = child(head, 'byline');
    const abstract = text(child(head, 'abstract'));
    const content = child(body, 'body.content') ?? body ?? top;
    if (content === body && head) removeElement(head);
    report.dropped.push(...rewriteNitfMedia(doc, content));
    if (splitPreformatted(doc, content)) report.recognised.push('preformatted text split into paragraphs');
    const { blocks, warnings } = domToBlocks(asDomNode(content));
    report.warnings.push(...warnings);
    report.recognised.push('body: inline NITF');
    return { blocks, nitfHeadline, ...(byline ? { nitfByline: byline } : {}), abstract };
  }
  const root = kind === 'html' ? (child(top, 'body') ?? top) : inline;
  // dpa's XHTML repeats the metadata in a <header> (subjects, date, genre, headline): furniture.
  for (const header of [...childElements(root, 'header'), ...childElements(root, 'head')]) {
    report.dropped.push(`XHTML <${header.nodeName}>: ${text(header).slice(0, 80)}`);
    removeElement(header);
  }
  const h1 = descendant(root, 'h1');
  if (splitPreformatted(doc, root)) report.recognised.push('preformatted text split into paragraphs');
  const { blocks, warnings } = domToBlocks(asDomNode(root));
  report.warnings.push(...warnings);
  report.recognised.push(`body: inline ${kind === 'html' ? 'XHTML' : `XML <${top.nodeName}>`}`);
  return { blocks, nitfHeadline: text(h1), abstract: '' };
}
