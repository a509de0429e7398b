import type { Block, Byline, Dateline } from '../../src/domain/article.js';

/**
 * Deterministic word salad for the benchmark's data set and wire stories: news-shaped sentences
 * from an invented vocabulary, so the same seed builds the same data on every machine.
 */

/** mulberry32: tiny, fast and good enough for test data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Roughly normal (sum of uniforms), mean 0 and deviation 1. */
  gaussian(): number {
    return this.next() + this.next() + this.next() + this.next() + this.next() + this.next() - 3;
  }
  /** A v4-shaped UUID drawn from this generator, so ids repeat with the seed. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.next() * 4)]!;
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** The word the search runs look for: it is in many subjects, so most articles contain it. */
export const SEARCH_WORD = 'council';

const SUBJECTS = [
  'the council', 'the city council', 'the regional council', 'the transport authority', 'officials', 'the health ministry',
  'residents', 'the opposition', 'union leaders', 'the central bank', 'investors', 'festival organisers', 'the coach',
  'the club', 'researchers', 'the mayor', 'campaigners', 'prosecutors', 'the harbour board', 'farmers', 'teachers',
  'the council leader', 'ministers', 'the museum', 'the league', 'shopkeepers', 'the water company', 'doctors',
  'the parish council', 'the environment agency', 'local councillors', 'the airport operator', 'parents', 'the orchestra',
] as const;
/** Singular, to agree with the present-tense headline verbs. */
const HEADLINE_SUBJECTS = [
  'Council', 'City council', 'Regional council', 'Transport authority', 'Health ministry', 'Opposition', 'Union',
  'Central bank', 'Festival', 'Coach', 'Club', 'Mayor', 'Prosecutor', 'Harbour board', 'Minister', 'Museum', 'League',
  'Water company', 'Airport', 'Orchestra', 'Parish council', 'Court', 'Regulator', 'University',
] as const;
const VERBS_PAST = [
  'approved', 'rejected', 'announced', 'delayed', 'defended', 'criticised', 'unveiled', 'reviewed', 'expanded', 'suspended',
  'questioned', 'welcomed', 'postponed', 'funded', 'debated', 'backed', 'scrapped', 'extended', 'challenged', 'revised',
] as const;
const VERBS_PRESENT = [
  'approves', 'rejects', 'announces', 'delays', 'defends', 'criticises', 'unveils', 'reviews', 'expands', 'suspends',
  'questions', 'welcomes', 'postpones', 'funds', 'backs', 'scraps', 'extends', 'challenges', 'revises', 'probes',
] as const;
const VERBS_BASE = ['approve', 'reject', 'delay', 'defend', 'review', 'expand', 'suspend', 'fund', 'extend', 'revise', 'change', 'protect'] as const;
const ADJECTIVES = [
  'new', 'controversial', 'long-awaited', 'regional', 'national', 'cross-border', 'emergency', 'revised', 'ambitious',
  'modest', 'record', 'temporary', 'costly', 'disputed', 'popular', 'delayed', 'green', 'northern', 'southern', 'coastal',
] as const;
const NOUNS = [
  'budget', 'proposal', 'scheme', 'inquiry', 'agreement', 'strategy', 'reform', 'contract', 'report', 'ceasefire', 'tariff',
  'stadium', 'library', 'exhibition', 'season', 'harvest', 'railway', 'hospital', 'school', 'election', 'bridge', 'festival',
  'ferry service', 'housing plan', 'tram line', 'pension reform', 'water supply', 'cycle lane', 'tax rebate', 'flood defence',
] as const;
const TIMES = [
  'on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'at the weekend', 'late on Friday', 'earlier this month',
  'after weeks of talks', 'for the third year running', 'last year', 'this spring', 'before the summer recess', 'overnight',
] as const;
const TAILS = [
  'despite objections from {s}', 'amid growing pressure from {s}', 'according to a statement released by {s}',
  'in a move that surprised {s}', 'after a long dispute with {s}', 'following complaints from {s}', 'with the support of {s}',
  'although {s} said the details were still unclear', 'while {s} called for a full review', 'as {s} warned of further delays',
] as const;
const ROLES = [
  'a spokeswoman for the council', 'a spokesman for the ministry', 'the head of the union', 'a local councillor', 'the club chairman',
  'an economist at the central bank', 'the festival director', 'a senior prosecutor', 'the museum curator', 'a resident of the old town',
] as const;
const FIRST_NAMES = [
  'Jo', 'Anna', 'Tomas', 'Amina', 'Lena', 'Claire', 'Odile', 'Marek', 'Sofia', 'Kwame', 'Ines', 'Rafael', 'Yuki', 'Priya', 'Omar',
  'Hanna', 'Diego', 'Freya', 'Nikos', 'Leila', 'Pavel', 'Grace', 'Jonas', 'Mei', 'Samuel', 'Elif', 'Bruno', 'Aisha', 'Karin', 'Luca',
] as const;
const SURNAMES = [
  'Biddle', 'Smolchenko', 'Reinholt', 'Wekesa', 'Brunner', 'Marchetti', 'Ferrand', 'Novak', 'Almeida', 'Mensah', 'Duarte', 'Costa',
  'Tanaka', 'Raman', 'Haddad', 'Lindqvist', 'Herrera', 'Olsen', 'Papadakis', 'Karimi', 'Volkov', 'Okafor', 'Berg', 'Chen', 'Adeyemi',
  'Yilmaz', 'Moreau', 'Farouk', 'Svensson', 'Romano',
] as const;
export const PLACES: readonly { city: string; country: string }[] = [
  { city: 'Geneva', country: 'Switzerland' }, { city: 'Zurich', country: 'Switzerland' }, { city: 'Paris', country: 'France' },
  { city: 'Lyon', country: 'France' }, { city: 'Sochi', country: 'Russia' }, { city: 'Moscow', country: 'Russia' },
  { city: 'Nairobi', country: 'Kenya' }, { city: 'Lagos', country: 'Nigeria' }, { city: 'Accra', country: 'Ghana' },
  { city: 'Lisbon', country: 'Portugal' }, { city: 'Porto', country: 'Portugal' }, { city: 'Madrid', country: 'Spain' },
  { city: 'Seville', country: 'Spain' }, { city: 'Rome', country: 'Italy' }, { city: 'Milan', country: 'Italy' },
  { city: 'Berlin', country: 'Germany' }, { city: 'Hamburg', country: 'Germany' }, { city: 'Vienna', country: 'Austria' },
  { city: 'Prague', country: 'Czech Republic' }, { city: 'Warsaw', country: 'Poland' }, { city: 'Athens', country: 'Greece' },
  { city: 'Istanbul', country: 'Turkey' }, { city: 'Cairo', country: 'Egypt' }, { city: 'Tunis', country: 'Tunisia' },
  { city: 'Oslo', country: 'Norway' }, { city: 'Stockholm', country: 'Sweden' }, { city: 'Helsinki', country: 'Finland' },
  { city: 'Dublin', country: 'Ireland' }, { city: 'Edinburgh', country: 'United Kingdom' }, { city: 'London', country: 'United Kingdom' },
  { city: 'Tokyo', country: 'Japan' }, { city: 'Osaka', country: 'Japan' }, { city: 'Mumbai', country: 'India' },
  { city: 'Chennai', country: 'India' }, { city: 'Lima', country: 'Peru' }, { city: 'Bogota', country: 'Colombia' },
  { city: 'Toronto', country: 'Canada' }, { city: 'Montreal', country: 'Canada' }, { city: 'Sydney', country: 'Australia' },
  { city: 'Wellington', country: 'New Zealand' },
];
const CROSSHEADS = [
  'Funding gap', 'Next steps', 'A divided council', 'Questions remain', 'Years of delay', 'What happens now', 'Local anger',
  'Mixed reaction', 'The cost', 'A long road', 'Critics unconvinced', 'Back to the table', 'Rising pressure', 'Small victories',
] as const;
const COMMENT_OPENERS = [
  'Finally some good news.', 'I have lived here for twenty years and never seen this.', 'Who is paying for all of this?',
  'Typical council decision.', 'This was long overdue.', 'Great reporting, thank you.', 'I am not convinced.', 'Same story every year.',
] as const;
const TAG_TOPICS = [
  'housing', 'transport', 'climate', 'energy', 'health', 'education', 'football', 'tennis', 'cinema', 'music', 'theatre',
  'elections', 'trade', 'farming', 'tourism', 'policing', 'water', 'rail', 'aviation', 'museums',
] as const;
const TAG_ANGLES = [
  'policy', 'funding', 'protests', 'courts', 'budget', 'jobs', 'europe', 'africa', 'asia', 'local', 'reviews', 'interviews',
  'analysis', 'data', 'history',
] as const;

/** 300 tags: every topic with every angle ("housing policy", "rail funding", ...). */
export const TAG_POOL: readonly string[] = TAG_TOPICS.flatMap((t) => TAG_ANGLES.map((a) => `${t} ${a}`));

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function personName(r: Random): string {
  return `${r.pick(FIRST_NAMES)} ${r.pick(SURNAMES)}`;
}

function nounPhrase(r: Random): string {
  const noun = r.pick(NOUNS);
  const adjective = r.pick(ADJECTIVES);
  if (r.chance(0.6)) return `the ${adjective} ${noun}`;
  return `${/^[aeiou]/.test(adjective) ? 'an' : 'a'} ${adjective} ${noun}`;
}

/** One news sentence, 10 to 30 words. */
export function sentence(r: Random): string {
  switch (r.int(0, 4)) {
    case 0:
    case 1: {
      const tail = r.chance(0.7) ? `, ${r.pick(TAILS).replace('{s}', r.pick(SUBJECTS))}` : '';
      return `${capitalise(r.pick(SUBJECTS))} ${r.pick(VERBS_PAST)} ${nounPhrase(r)} ${r.pick(TIMES)}${tail}.`;
    }
    case 2:
      return `"We will ${r.pick(VERBS_BASE)} ${nounPhrase(r)} ${r.pick(TIMES)}," said ${personName(r)}, ${r.pick(ROLES)}.`;
    case 3:
      return `About ${r.int(2, 95)} percent of ${r.pick(SUBJECTS).replace(/^the /, '')} ${r.pick(VERBS_PAST)} ${nounPhrase(r)}, costing some ${r.int(2, 900)} million euros.`;
    default:
      return `${capitalise(nounPhrase(r))} was ${r.pick(VERBS_PAST)} by ${r.pick(SUBJECTS)} ${r.pick(TIMES)}, ${r.pick(TAILS).replace('{s}', r.pick(SUBJECTS))}.`;
  }
}

/** A paragraph of one to three sentences, as news copy runs. */
export function paragraph(r: Random): string {
  const n = r.int(1, 3);
  let text = sentence(r);
  for (let i = 1; i < n; i++) text += ` ${sentence(r)}`;
  return text;
}

export function headline(r: Random): string {
  const place = r.pick(PLACES).city;
  switch (r.int(0, 2)) {
    case 0:
      return `${r.pick(HEADLINE_SUBJECTS)} ${r.pick(VERBS_PRESENT)} ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} in ${place}`;
    case 1:
      return `${place} ${r.pick(NOUNS)}: ${r.pick(HEADLINE_SUBJECTS).toLowerCase()} ${r.pick(VERBS_PRESENT)} ${r.pick(ADJECTIVES)} plan`;
    default:
      return `${capitalise(r.pick(ADJECTIVES))} ${r.pick(NOUNS)} ${r.pick(['divides', 'lifts', 'worries', 'delights', 'splits'])} ${r.pick(HEADLINE_SUBJECTS).toLowerCase()} ${r.pick(TIMES)}`;
  }
}

/** 8 to 25 paragraphs with a crosshead about every sixth paragraph. */
export function articleBody(r: Random): Block[] {
  const count = r.int(8, 25);
  const body: Block[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % 6 === 0) body.push({ type: 'crosshead', text: r.pick(CROSSHEADS) });
    body.push({ type: 'paragraph', text: paragraph(r) });
  }
  return body;
}

export function dateline(r: Random): Dateline {
  const p = r.pick(PLACES);
  return { text: `${p.city.toUpperCase()}, ${p.country.toUpperCase()}`, city: p.city, country: p.country };
}

/** One or two bylines, each with where the reporter filed from. */
export function bylines(r: Random, where: Dateline): Byline[] {
  const first: Byline = { name: personName(r), location: where.city ?? where.text };
  return r.chance(0.3) ? [first, { name: personName(r), location: r.pick(PLACES).city }] : [first];
}

export function commentBody(r: Random): string {
  return r.chance(0.5) ? `${r.pick(COMMENT_OPENERS)} ${sentence(r)}` : sentence(r);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * A plain-text wire story in the agency layout the importer reads: headline, blank line,
 * "CITY, COUNTRY, Name in City- Lead...", one paragraph a line, crossheads, then rule, date and byline.
 */
export function wireStory(r: Random, when: Date): string {
  const place = r.pick(PLACES);
  const reporter = personName(r);
  const lines = [headline(r), '', `${place.city.toUpperCase()}, ${place.country.toUpperCase()}, ${reporter} in ${place.city}- ${paragraph(r)}`];
  const count = r.int(6, 20);
  for (let i = 1; i < count; i++) {
    if (i % 6 === 0) lines.push(`-'${r.pick(CROSSHEADS)}'-`);
    lines.push(paragraph(r));
  }
  const date = `${WEEKDAYS[when.getUTCDay()]}, ${when.getUTCDate()} ${MONTHS[when.getUTCMonth()]} ${when.getUTCFullYear()}`;
  lines.push('-'.repeat(40), '', date, reporter, '');
  return lines.join('\n');
}
