import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { validateArticle } from '../domain/article.js';
import { AppError, isAppError } from '../domain/errors.js';
import type { StoredArticle } from '../store/articles.js';
import type { Store } from '../store/index.js';
import type { WireDraft, WireParseResult, WireReport } from '../wire/types.js';
import { createArticle } from './create-article.js';

export type IngestOutcome = 'imported' | 'updated' | 'flagged' | 'skipped' | 'held' | 'failed';

export interface IngestItemResult {
  outcome: IngestOutcome;
  headline?: string;
  article?: StoredArticle;
  /** Why an item was skipped, held, flagged or failed. */
  reason?: string;
  report?: WireReport;
}

export interface IngestInput {
  bytes: Buffer;
  fileName: string;
  /** The channel or agency: "cli", "drop", a push token's name. */
  source: string;
  publish: boolean;
  /** A section slug or name for every item; otherwise the item's own, otherwise "news". */
  section?: string | undefined;
}

type Ctx = AppContext;
// The parsers pull in XML, HTML and JSON-schema libraries: loaded on the first import, not at start.
const parsers = () => import('../wire/parse.js');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Revisions written by imports carry no person; any other actor means an editor has touched the article. */
const IMPORT_ACTORS = new Set([null, 'wire']);

/**
 * Takes one file off the wire: keeps its original bytes, parses every item in it, and makes or
 * updates articles. Idempotent: the same file or the same agency item twice is one article; a newer
 * version updates an untouched wire draft, or flags an article an editor has changed. Embargoed
 * items are held until their time. All writes for a file land together, or none do.
 */
export async function ingestWireFile(ctx: Ctx, input: IngestInput): Promise<IngestItemResult[]> {
  const { detectFormat } = await parsers();
  const hash = sha256(input.bytes);
  const seen = await ctx.store.wire.fileByHash(hash);
  if (seen) {
    const items = await ctx.store.wire.itemsOfFile(seen.id);
    const reason = `the same file came in before (${seen.file_name}, ${seen.received_at})`;
    return items.length
      ? items.map((i) => ({ outcome: 'skipped' as const, reason, ...(i.headline !== null && { headline: i.headline }) }))
      : [{ outcome: 'skipped', reason }];
  }

  const fileId = randomUUID();
  return takeFile(ctx, fileId, input, async (store, now) =>
    store.wire.insertFile({
      id: fileId,
      content_hash: hash,
      file_name: input.fileName,
      source: input.source,
      format: detectFormat(input.bytes) ?? null,
      bytes: input.bytes,
      received_at: now,
    }),
  );
}

/** Takes a stored file in again from its original bytes, as a new import of each of its items. */
export async function redoWireFile(ctx: Ctx, fileId: string, opts: { publish: boolean }): Promise<IngestItemResult[]> {
  const file = await ctx.store.wire.file(fileId);
  if (!file) throw new AppError('not_found', `No wire file ${fileId}; see \`dateline wire list\`.`);
  const input = { bytes: Buffer.from(file.bytes), fileName: file.file_name, source: file.source, publish: opts.publish };
  return takeFile(ctx, fileId, input, async () => undefined);
}

async function takeFile(ctx: Ctx, fileId: string, input: IngestInput, keepFile: (store: Store, now: string) => Promise<unknown>): Promise<IngestItemResult[]> {
  const { parseWireItems } = await parsers();
  let parsed: WireParseResult[];
  let parseError: string | undefined;
  try {
    parsed = parseWireItems(input.bytes, input.fileName);
  } catch (e) {
    if (!isAppError(e)) throw e;
    parsed = [];
    parseError = e.message;
  }
  const now = ctx.now().toISOString();
  return ctx.store.transaction(async (store) => {
    const tctx: Ctx = { ...ctx, store };
    await keepFile(store, now);
    if (parseError !== undefined) {
      await store.wire.insertItem(itemRow(fileId, 0, input, now, { status: 'failed', error: parseError }));
      return [{ outcome: 'failed', reason: parseError }];
    }
    const results: IngestItemResult[] = [];
    for (const [index, item] of parsed.entries()) {
      results.push(await takeItem(tctx, store, fileId, index, item, input, now));
    }
    return results;
  });
}

function itemRow(fileId: string, index: number, input: IngestInput, now: string, fields: Partial<Parameters<Store['wire']['insertItem']>[0]>) {
  return {
    id: randomUUID(),
    file_id: fileId,
    item_index: index,
    wire_id: null,
    wire_version: null,
    headline: null,
    status: 'failed',
    publish: input.publish ? 1 : 0,
    section: input.section ?? null,
    embargo_until: null,
    article_id: null,
    error: null,
    report_json: null,
    received_at: now,
    ...fields,
  };
}

async function takeItem(ctx: Ctx, store: Store, fileId: string, index: number, item: WireParseResult, input: IngestInput, now: string): Promise<IngestItemResult> {
  const { article: draft, report } = item;
  const base = {
    wire_id: draft.wireId ?? null,
    wire_version: draft.wireVersion ?? null,
    headline: draft.headline,
    embargo_until: draft.embargoUntil ?? null,
    report_json: JSON.stringify(report),
  };
  const record = (status: string, fields: { article_id?: string | null; error?: string | null } = {}) =>
    store.wire.insertItem(itemRow(fileId, index, input, now, { ...base, status, ...fields }));

  if (draft.embargoUntil && draft.embargoUntil > now) {
    await record('held');
    return { outcome: 'held', headline: draft.headline, reason: `embargoed until ${draft.embargoUntil}`, report };
  }

  const previous = draft.wireId ? await store.wire.latestTaken(draft.wireId) : undefined;
  const redone = previous ? undefined : await store.wire.takenAt(fileId, index);
  if (previous && (draft.wireVersion ?? 0) <= (previous.wire_version ?? 0)) {
    const reason = `version ${previous.wire_version ?? 1} of ${draft.wireId} is already in`;
    await record(draft.wireVersion === previous.wire_version ? 'duplicate' : 'older', { article_id: previous.article_id });
    return { outcome: 'skipped', headline: draft.headline, reason, report };
  }

  const earlier = previous?.article_id ?? redone?.article_id;
  const existing = earlier ? await store.articles.getById(earlier) : undefined;
  try {
    if (existing) {
      const revisions = await store.articles.revisions(existing.id);
      const untouched = existing.status === 'draft' && revisions.every((r) => IMPORT_ACTORS.has(r.actor));
      if (untouched) {
        const next = { ...existing, ...contentOf(draft), updatedAt: now };
        validateArticle(next, { sections: ctx.config.sections });
        const updated = await store.articles.update(next, existing.revision, 'wire');
        await record('updated', { article_id: existing.id });
        return { outcome: 'updated', headline: draft.headline, article: updated, report };
      }
      const flag = `Version ${draft.wireVersion ?? '?'} of this wire story arrived ${now}; the article was not changed because an editor has worked on it.`;
      const flagged = await store.articles.update({ ...existing, wireFlag: flag }, existing.revision, 'wire');
      await record('flagged', { article_id: existing.id });
      return { outcome: 'flagged', headline: draft.headline, article: flagged, reason: flag, report };
    }
    // A migrated post keeps its own state and address, and its byline links to a staff account with its e-mail.
    const status = item.status ?? (input.publish ? 'published' : 'draft');
    const author = item.authorEmail ? (await store.users.getCredentials(item.authorEmail))?.user : undefined;
    const bylines = author && draft.bylines.length === 1 ? [{ ...draft.bylines[0]!, authorId: author.id }] : draft.bylines;
    const article = await createArticle(
      ctx,
      { ...draft, bylines, section: input.section ?? draft.section ?? 'news', status, ...(item.slug && { slug: item.slug }) },
      { actor: null, origin: item.status ? 'newsroom' : 'wire' },
    );
    await record('imported', { article_id: article.id });
    return { outcome: 'imported', headline: draft.headline, article, report };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    await record('failed', { error: e.message });
    return { outcome: 'failed', headline: draft.headline, reason: e.message, report };
  }
}

/** The parts of an article a newer wire version replaces. */
function contentOf(d: WireDraft) {
  return {
    headline: d.headline,
    ...(d.standfirst !== undefined && { standfirst: d.standfirst }),
    dateline: d.dateline,
    bylines: d.bylines,
    body: d.body,
    keyPoints: d.keyPoints,
    tags: d.tags,
  };
}

/** Imports held items whose embargo has passed; run by the scheduler. */
export async function releaseEmbargoed(ctx: Ctx): Promise<StoredArticle[]> {
  const now = ctx.now().toISOString();
  const released: StoredArticle[] = [];
  for (const held of await ctx.store.wire.heldDue(now)) {
    const file = await ctx.store.wire.file(held.file_id);
    const { parseWireItems } = await parsers();
    const item = file && parseWireItems(Buffer.from(file.bytes), file.file_name)[held.item_index];
    if (!item) {
      await ctx.store.wire.updateItem(held.id, { status: 'failed', error: 'the held item could not be read again' });
      continue;
    }
    const article = await ctx.store.transaction(async (store) => {
      const created = await createArticle(
        { ...ctx, store },
        { ...item.article, section: held.section ?? item.article.section ?? 'news', status: held.publish ? 'published' : 'draft' },
        { actor: null, origin: 'wire' },
      );
      await store.wire.updateItem(held.id, { status: 'imported', article_id: created.id });
      return created;
    });
    released.push(article);
  }
  return released;
}
