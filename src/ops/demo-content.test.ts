import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleSchema, type Block, type Mark } from '../domain/article.js';
import { DEFAULT_SECTIONS } from '../domain/sections.js';
import { slugify } from '../domain/slug.js';
import { DEMO_ARTICLES } from './demo-content.js';

/** A demo draft completed the way a first-run loader would: slug, status and timestamps, no id. */
function complete(draft: (typeof DEMO_ARTICLES)[number]) {
  const at = draft.publishedAt ?? '2026-11-19T00:00:00.000Z';
  return { ...draft, slug: draft.slug ?? slugify(draft.headline), status: 'published', createdAt: at, updatedAt: at, publishedAt: at };
}

function marked(block: Block): { text: string; marks: Mark[] }[] {
  if (block.type === 'paragraph' || block.type === 'blockquote') return [{ text: block.text, marks: block.marks ?? [] }];
  if (block.type === 'list') return block.items.map((i) => ({ text: i.text, marks: i.marks ?? [] }));
  return [];
}

test('there are eight demo articles covering every default section', () => {
  assert.equal(DEMO_ARTICLES.length, 8);
  const sections = new Set(DEMO_ARTICLES.map((a) => a.section));
  for (const s of DEFAULT_SECTIONS) assert.ok(sections.has(s.slug), `a demo article in ${s.slug}`);
});

test('every demo article passes the article schema once completed with defaults', () => {
  for (const draft of DEMO_ARTICLES) {
    const result = articleSchema.safeParse(complete(draft));
    assert.ok(result.success, `${draft.headline}: ${result.success ? '' : JSON.stringify(result.error.issues)}`);
  }
});

test('demo slugs are unique', () => {
  const slugs = DEMO_ARTICLES.map((a) => complete(a).slug);
  assert.equal(new Set(slugs).size, slugs.length);
});

test('every mark lies within its text', () => {
  let count = 0;
  for (const draft of DEMO_ARTICLES) {
    for (const { text, marks } of draft.body.flatMap(marked)) {
      for (const m of marks) {
        count += 1;
        assert.ok(m.start >= 0 && m.end > m.start && m.end <= text.length, `${draft.headline}: mark ${m.start}-${m.end}`);
        assert.equal(text.slice(m.start, m.end).trim(), text.slice(m.start, m.end), 'a mark does not start or end on a space');
      }
    }
  }
  assert.ok(count >= 2, 'the demo shows inline marks');
});

test('demo articles follow the house shape', () => {
  for (const a of DEMO_ARTICLES) {
    const paragraphs = a.body.filter((b) => b.type === 'paragraph').length;
    assert.ok(paragraphs >= 5 && paragraphs <= 9, `${a.headline}: ${paragraphs} paragraphs`);
    assert.ok(a.bylines.length >= 1 && a.bylines.length <= 2);
    assert.ok(a.tags.length >= 2 && a.tags.length <= 4);
    for (const t of a.tags) assert.match(t, /^[a-z]+(?: [a-z]+)*$/);
    assert.ok(a.keyPoints.length === 0 || (a.keyPoints.length >= 2 && a.keyPoints.length <= 3));
    assert.ok(a.publishedAt && a.publishedAt < '2026-11-20T00:00:00.000Z');
    assert.equal(a.language, 'en');
  }
  const blocks = DEMO_ARTICLES.flatMap((a) => a.body);
  assert.ok(blocks.some((b) => b.type === 'crosshead'));
  assert.ok(blocks.some((b) => b.type === 'blockquote' && b.attribution));
  assert.ok(blocks.some((b) => b.type === 'list' && !b.ordered));
  assert.equal(DEMO_ARTICLES.filter((a) => a.keyPoints.length > 0).length, DEMO_ARTICLES.length / 2);
  assert.equal(DEMO_ARTICLES.filter((a) => a.credit === 'Marland Press Agency').length, 1);
  assert.equal(new Set(DEMO_ARTICLES.map((a) => a.publishedAt)).size, DEMO_ARTICLES.length, 'staggered times');
});
