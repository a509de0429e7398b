import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { addCorrection, createDraft, publishDue, restoreRevision, saveArticle, transitionArticle } from '../../src/ops/edit-article.js';
import { createUser } from '../../src/ops/people.js';
import type { Actor } from '../../src/domain/policies.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers.js';

const edit = (revision: number, headline: string, extra: Record<string, unknown> = {}) => ({
  expectedRevision: revision,
  headline,
  standfirst: '',
  section: 'news',
  tags: [],
  dateline: { text: 'THORNBY, MARLAND', city: 'Thornby', country: 'Marland' },
  bylines: [{ name: 'Wren Writer', location: 'Thornby' }],
  body: [{ type: 'paragraph', text: 'The council met on Monday.' }],
  keyPoints: [],
  seo: { title: '', description: '', image: '' },
  ...extra,
});

describe('the editorial workflow', () => {
  const data = tempDataDir();
  let server: TestServer;
  let clock = new Date('2026-11-26T10:00:00.000Z');
  let editor: Actor;
  let writer: Actor;

  before(async () => {
    server = await startTestServer(data.dir);
    server.ctx.now = () => clock;
    editor = await createUser(server.ctx, { email: 'ed@example.org', name: 'Eda Editor', role: 'editor', password: 'long enough password' });
    writer = await createUser(server.ctx, { email: 'wren@example.org', name: 'Wren Writer', role: 'writer', password: 'long enough password' });
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  it('keeps every save as a revision and links a staff byline to the profile', async () => {
    const draft = await createDraft(server.ctx, writer);
    const saved = await saveArticle(server.ctx, writer, draft.id, edit(1, 'Council approves budget'));
    assert.equal(saved.revision, 2);
    assert.equal(saved.slug, 'council-approves-budget');
    assert.equal(saved.bylines[0]?.authorId, writer.id);
    const revisions = await server.ctx.store.articles.revisions(draft.id);
    assert.deepEqual(revisions.map((r) => r.revision), [2, 1]);
  });

  it('goes from draft to review to scheduled, and live on time', async () => {
    const draft = await createDraft(server.ctx, writer);
    await saveArticle(server.ctx, writer, draft.id, edit(1, 'Library opens late on Fridays'));
    const inReview = await transitionArticle(server.ctx, writer, draft.id, 'submit');
    assert.equal(inReview.status, 'in_review');
    const scheduled = await transitionArticle(server.ctx, editor, draft.id, 'schedule', { at: '2026-11-26T10:01' });
    assert.equal(scheduled.status, 'scheduled');
    assert.equal(scheduled.scheduledAt, '2026-11-26T10:01:00.000Z');
    assert.deepEqual(await publishDue(server.ctx), []);
    clock = new Date('2026-11-26T10:01:00.500Z');
    const published = await publishDue(server.ctx);
    assert.deepEqual(published.map((a) => a.id), [draft.id]);
    assert.equal(published[0]?.status, 'published');
    assert.equal(published[0]?.publishedAt, '2026-11-26T10:01:00.000Z');
    const page = await fetch(`${server.url}/news/library-opens-late-on-fridays`);
    assert.equal(page.status, 200);
  });

  it('refuses to schedule in the past', async () => {
    const draft = await createDraft(server.ctx, editor);
    await saveArticle(server.ctx, editor, draft.id, edit(1, 'Too late'));
    await assert.rejects(transitionArticle(server.ctx, editor, draft.id, 'schedule', { at: '2026-11-26T09:00' }), /must be in the future/);
  });

  it('shows a correction with the updated time and keeps the first publish time', async () => {
    const draft = await createDraft(server.ctx, editor);
    await saveArticle(server.ctx, editor, draft.id, edit(1, 'Bridge repairs finish early'));
    const published = await transitionArticle(server.ctx, editor, draft.id, 'publish');
    clock = new Date('2026-11-26T15:30:00.000Z');
    const corrected = await addCorrection(server.ctx, editor, draft.id, { kind: 'correction', text: 'An earlier version of this article gave the wrong date for the repairs.' });
    assert.equal(corrected.publishedAt, published.publishedAt);
    assert.equal(corrected.updatedAt, '2026-11-26T15:30:00.000Z');
    const { document } = parseHTML(await (await fetch(`${server.url}/news/bridge-repairs-finish-early`)).text());
    assert.match(document.querySelector('.corrections .note')?.textContent ?? '', /^Correction \(26 November 2026, 15:30 GMT\): An earlier version/);
    assert.equal(document.querySelector('.corrections .updated time')?.getAttribute('datetime'), '2026-11-26T15:30:00.000Z');
    assert.equal(document.querySelector('.story-foot .published time')?.getAttribute('datetime'), published.publishedAt);
  });

  it('restores an old revision as a new one', async () => {
    const draft = await createDraft(server.ctx, editor);
    await saveArticle(server.ctx, editor, draft.id, edit(1, 'Original headline'));
    await saveArticle(server.ctx, editor, draft.id, edit(2, 'Rewritten headline', { body: [{ type: 'paragraph', text: 'Changed.' }] }));
    const restored = await restoreRevision(server.ctx, editor, draft.id, 2);
    assert.equal(restored.revision, 4);
    assert.equal(restored.headline, 'Original headline');
    assert.deepEqual(restored.body, [{ type: 'paragraph', text: 'The council met on Monday.' }]);
  });

  it('publishes articles that fell due while the server was down, once', async () => {
    const draft = await createDraft(server.ctx, editor);
    await saveArticle(server.ctx, editor, draft.id, edit(1, 'Overnight ferry timetable'));
    await transitionArticle(server.ctx, editor, draft.id, 'schedule', { at: new Date(clock.getTime() + 60_000).toISOString() });
    clock = new Date(clock.getTime() + 3_600_000);
    const [a, b] = await Promise.all([publishDue(server.ctx), publishDue(server.ctx)]);
    assert.equal(a.length + b.length, 1);
  });
});

describe('addresses that change', () => {
  const data = tempDataDir();
  let server: TestServer;
  let editor: Actor;
  before(async () => {
    server = await startTestServer(data.dir);
    editor = await createUser(server.ctx, { email: 'slugs@example.org', name: 'Sol Slug', role: 'editor', password: 'long enough password' });
  });
  after(async () => {
    await server.stop();
    data.remove();
  });

  it('answers the old address of a published article with a 301 to the new one', async () => {
    const draft = await createDraft(server.ctx, editor);
    await saveArticle(server.ctx, editor, draft.id, edit(1, 'Quay reopens'));
    const published = await transitionArticle(server.ctx, editor, draft.id, 'publish');
    assert.equal(published.slug, 'quay-reopens');
    await saveArticle(server.ctx, editor, draft.id, edit(published.revision, 'Quay reopens', { slug: 'quay-reopens-after-storm', section: 'society' }));
    const old = await fetch(`${server.url}/news/quay-reopens`, { redirect: 'manual' });
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), '/society/quay-reopens-after-storm');
    assert.equal((await fetch(`${server.url}/society/quay-reopens-after-storm`)).status, 200);
  });

  it('refuses a slug another article uses, naming the field', async () => {
    const a = await createDraft(server.ctx, editor);
    await saveArticle(server.ctx, editor, a.id, edit(1, 'Market day'));
    const b = await createDraft(server.ctx, editor);
    await assert.rejects(saveArticle(server.ctx, editor, b.id, edit(1, 'Another', { slug: 'market-day' })), /slug: "market-day" is used by another article/);
  });
});
