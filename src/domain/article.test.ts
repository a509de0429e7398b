import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bylineLine, bylineWithLocations, validateArticle, type Article } from './article.js';
import { AppError } from './errors.js';
import { DEFAULT_SECTIONS } from './sections.js';

const valid: Article = {
  headline: 'Harbour bridge reopens after repairs',
  slug: 'harbour-bridge-reopens-after-repairs',
  section: 'news',
  tags: ['transport'],
  dateline: { text: 'PORT ELLIS, MARLAND', city: 'Port Ellis', country: 'Marland' },
  bylines: [{ name: 'Ada Moss', location: 'Port Ellis' }],
  body: [
    { type: 'paragraph', text: 'The bridge reopened on Monday.', marks: [{ kind: 'em', start: 4, end: 10 }] },
    { type: 'crosshead', text: 'Traffic returns' },
    { type: 'blockquote', text: 'We are relieved.', attribution: 'a shopkeeper' },
    { type: 'list', ordered: false, items: [{ text: 'Lanes: two' }] },
    { type: 'image', src: '/media/bridge.jpg', alt: 'The bridge at dawn', caption: 'Reopened', credit: 'Ada Moss' },
    { type: 'embed', url: 'https://example.org/video/1', provider: 'Example' },
  ],
  keyPoints: ['The bridge is open again.'],
  language: 'en',
  status: 'published',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  publishedAt: '2026-11-01T10:00:00.000Z',
};

const issuesOf = (input: unknown): string[] => {
  try {
    validateArticle(input, { sections: DEFAULT_SECTIONS });
    return [];
  } catch (e) {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'invalid_input');
    return e.issues.map((i) => `${i.where}: ${i.message}`);
  }
};

describe('the article model', () => {
  it('accepts an article with every block type', () => {
    assert.deepEqual(issuesOf(valid), []);
  });

  it('names the field of an empty headline', () => {
    assert.deepEqual(issuesOf({ ...valid, headline: '  ' }), ['headline: must not be empty']);
  });

  it('names the block and field of a bad byline and a bad block', () => {
    const issues = issuesOf({ ...valid, bylines: [{ name: '' }], body: [{ type: 'image', src: '/x.jpg', alt: '' }] });
    assert.ok(issues.includes('bylines.0.name: must not be empty'), issues.join('\n'));
    assert.ok(issues.includes('body.0.alt: must not be empty'), issues.join('\n'));
  });

  it('refuses a section the site does not have', () => {
    assert.match(issuesOf({ ...valid, section: 'weather' })[0] ?? '', /^section: "weather" is not one of the site's sections/);
  });

  it('refuses a javascript: link in a paragraph', () => {
    const body = [{ type: 'paragraph', text: 'Click here', marks: [{ kind: 'link', start: 0, end: 5, href: 'javascript:alert(1)' }] }];
    assert.match(issuesOf({ ...valid, body }).join(), /body\.0\.marks\.0/);
  });

  it('refuses a publish time that is not a UTC instant', () => {
    assert.match(issuesOf({ ...valid, publishedAt: 'May 13th 2015' }).join(), /^publishedAt: must be an ISO 8601 UTC instant/);
  });
});

describe('byline lines', () => {
  const two = [
    { name: 'Jo Doe', location: 'Rome' },
    { name: 'Al Roe', location: 'Oslo' },
  ];
  it('joins two names with "with"', () => assert.equal(bylineLine(two), 'Jo Doe with Al Roe'));
  it('puts locations in the lead form', () => assert.equal(bylineWithLocations(two), 'Jo Doe in Rome with Al Roe in Oslo'));
  it('lists three with commas and "and"', () =>
    assert.equal(bylineWithLocations([...two, { name: 'Cy Poe', location: 'Lima' }]), 'Jo Doe in Rome, Al Roe in Oslo and Cy Poe in Lima'));
});
