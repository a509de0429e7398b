import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { validateArticle } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import type { StoredArticle } from '../store/articles.js';
import type { Store } from '../store/index.js';
import { trySavepoint } from '../store/savepoint.js';
import type { ParsedFile, WireDraft, WireParseResult, WireReport } from '../wire/types.js';
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

/** A batch import commits this many files together, or fewer once their bytes pass BATCH_BYTES. */
export const BATCH_FILES = 100;
const BATCH_BYTES = 8 * 1024 * 1024;

/** A file for `ingestWireFiles`; its bytes may still be on their way (read ahead while earlier files are written). */
export interface WireFileToTake extends Omit<IngestInput, 'bytes'> {
  bytes: Buffer | Promise<Buffer>;
}

/** What became of one file: its items' results, or the error that kept all of it out. */
export type WireFileOutcome = { results: IngestItemResult[] } | { error: unknown };

/** A file read, hashed and parsed, to be written. */
interface PreparedFile {
  input: IngestInput;
  hash: string;
  parsed: ParsedFile;
}
/** A file to write, one stored before (skipped, as the items it gave then), or one that could not be read or parsed. */
type Prepared = PreparedFile | { skipped: IngestItemResult[] } | { error: unknown };

/**
 * Takes one file off the wire: keeps its original bytes, parses every item in it, and makes or
 * updates articles. Idempotent: the same file or the same agency item twice is one article; a newer
 * version updates an untouched wire draft, or flags an article an editor has changed. Embargoed
 * items are held until their time. All writes for a file land together, or none do.
 */
export async function ingestWireFile(ctx: Ctx, input: IngestInput): Promise<IngestItemResult[]> {
  const file = (await prepareFiles(ctx, [input]))[0]!;
  if ('error' in file) throw file.error;
  if ('skipped' in file) return file.skipped;
  const taken = await takeAlone(ctx, file);
  if ('error' in taken) throw taken.error;
  return taken.results;
}

/**
 * Takes many files as `ingestWireFile` takes one, committing up to BATCH_FILES of them in one
 * transaction. Each file is written inside its own savepoint, so a file that fails is undone alone
 * and the rest of its batch is kept. `onFile` hears of each file, in order, once its batch has
 * committed: a result is never reported for writes that could still be lost.
 */
export async function ingestWireFiles(
  ctx: Ctx,
  files: Iterable<WireFileToTake> | AsyncIterable<WireFileToTake>,
  onFile: (file: WireFileToTake, outcome: WireFileOutcome) => void,
  opts: { batchFiles?: number } = {},
): Promise<void> {
  const batchFiles = opts.batchFiles ?? BATCH_FILES;
  let batch: { file: WireFileToTake; input: IngestInput | { error: unknown } }[] = [];
  let batchBytes = 0;
  for await (const file of files) {
    const input = await Promise.resolve(file.bytes).then(
      (bytes): IngestInput => ({ ...file, bytes }),
      (error: unknown) => ({ error }),
    );
    batch.push({ file, input });
    batchBytes += 'bytes' in input ? input.bytes.length : 0;
    if (batch.length >= batchFiles || batchBytes >= BATCH_BYTES) {
      await takeBatch(ctx, batch, onFile);
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) await takeBatch(ctx, batch, onFile);
}

async function takeBatch(
  ctx: Ctx,
  batch: { file: WireFileToTake; input: IngestInput | { error: unknown } }[],
  onFile: (file: WireFileToTake, outcome: WireFileOutcome) => void,
): Promise<void> {
  const readable = batch.flatMap(({ input }) => ('error' in input ? [] : [input]));
  const prepared = await prepareFiles(ctx, readable).catch((error: unknown) => readable.map((): Prepared => ({ error })));
  let next = 0;
  const files = batch.map(({ input }): Prepared => ('error' in input ? input : prepared[next++]!));
  const toWrite = files.filter((f): f is PreparedFile => 'parsed' in f);
  let written: WireFileOutcome[] = [];
  if (toWrite.length) {
    try {
      written = await ctx.store.transaction(async (store) => {
        const done: WireFileOutcome[] = [];
        for (const file of toWrite) {
          // Throws (ending the batch) only when the database gave up the whole transaction.
          const taken = await trySavepoint(store.db, () => takeNewFile({ ...ctx, store }, file));
          done.push(taken.ok ? { results: taken.value } : { error: taken.error });
        }
        return done;
      });
    } catch {
      // The batch as a whole is lost (its commit failed, or the database rolled the whole transaction
      // back): nothing of it landed, so its files are taken again, one transaction each.
      written = [];
      for (const file of toWrite) written.push(await takeAlone(ctx, file));
    }
  }
  let nextWritten = 0;
  batch.forEach(({ file }, i) => {
    const f = files[i]!;
    onFile(file, 'parsed' in f ? written[nextWritten++]! : 'skipped' in f ? { results: f.skipped } : f);
  });
}

/** Takes one file in a transaction of its own. */
async function takeAlone(ctx: Ctx, file: PreparedFile): Promise<WireFileOutcome> {
  // The first error is the cause: when the database has already dropped the transaction, the
  // rollback that follows fails too, and that second error would hide the first.
  let cause: unknown;
  return ctx.store
    .transaction((store) =>
      takeNewFile({ ...ctx, store }, file).catch((error: unknown) => {
        cause = error;
        throw error;
      }),
    )
    .then(
      (results) => ({ results }),
      (error: unknown) => ({ error: cause ?? error }),
    );
}

/**
 * Hashes the files, answers for those stored before (two queries for all of them, outside any
 * transaction, as a single file's check always was) and parses the others. Parsing happens before
 * the write transaction opens, so a slow parse never holds the database's write lock. A file whose
 * parser crashed comes back as its error.
 */
async function prepareFiles(ctx: Ctx, inputs: readonly IngestInput[]): Promise<Prepared[]> {
  const { parseWireFile } = await parsers();
  const hashed = inputs.map((input) => ({ input, hash: sha256(input.bytes) }));
  const stored = await ctx.store.wire.filesByHash(hashed.map((f) => f.hash));
  const items = await ctx.store.wire.itemsOfFiles([...new Set([...stored.values()].map((f) => f.id))]);
  return hashed.map(({ input, hash }): Prepared => {
    const seen = stored.get(hash);
    if (seen) return { skipped: skippedAsSeen(seen, items) };
    try {
      return { input, hash, parsed: parseWireFile(input.bytes, input.fileName) };
    } catch (error) {
      return { error };
    }
  });
}

/** A file that came in before is skipped: one result per item it gave then (or one for the file). */
function skippedAsSeen(seen: { id: string; file_name: string; received_at: string }, items: readonly { file_id: string; headline: string | null }[]): IngestItemResult[] {
  const reason = `the same file came in before (${seen.file_name}, ${seen.received_at})`;
  const its = items.filter((i) => i.file_id === seen.id);
  return its.length ? its.map((i) => ({ outcome: 'skipped' as const, reason, ...(i.headline !== null && { headline: i.headline }) })) : [{ outcome: 'skipped', reason }];
}

/** Writes a file (in `ctx.store`'s transaction); one that is in already (the same bytes twice in a batch, or from another writer) is skipped. */
async function takeNewFile(ctx: Ctx, file: PreparedFile): Promise<IngestItemResult[]> {
  const { store } = ctx;
  const { input, parsed } = file;
  const fileId = randomUUID();
  const now = ctx.now().toISOString();
  const isNew = await store.wire.insertFileIfNew({
    id: fileId,
    content_hash: file.hash,
    file_name: input.fileName,
    source: input.source,
    format: parsed.format,
    bytes: input.bytes,
    received_at: now,
  });
  if (!isNew) {
    const seen = await store.wire.fileByHash(file.hash);
    if (!seen) throw new Error(`wire file ${file.hash} was in, and is gone`);
    return skippedAsSeen(seen, await store.wire.itemsOfFile(seen.id));
  }
  // A new file id has no earlier import at any position, so there is nothing to redo.
  return takeItems(ctx, fileId, input, parsed, now, { isRedo: false });
}

/** Takes a stored file in again from its original bytes, as a new import of each of its items. */
export async function redoWireFile(ctx: Ctx, fileId: string, opts: { publish: boolean }): Promise<IngestItemResult[]> {
  const file = await ctx.store.wire.file(fileId);
  if (!file) throw new AppError('not_found', `No wire file ${fileId}; see \`dateline wire list\`.`);
  const input = { bytes: Buffer.from(file.bytes), fileName: file.file_name, source: file.source, publish: opts.publish };
  const parsed = (await parsers()).parseWireFile(input.bytes, input.fileName);
  const now = ctx.now().toISOString();
  return ctx.store.transaction((store) => takeItems({ ...ctx, store }, fileId, input, parsed, now, { isRedo: true }));
}

/** Writes a parsed file's items (in `ctx.store`'s transaction), or the one failed item that says why it could not be parsed. */
async function takeItems(ctx: Ctx, fileId: string, input: IngestInput, parsed: ParsedFile, now: string, opts: { isRedo: boolean }): Promise<IngestItemResult[]> {
  if (parsed.error !== undefined) {
    await ctx.store.wire.insertItem(itemRow(fileId, 0, input, now, { status: 'failed', error: parsed.error }));
    return [{ outcome: 'failed', reason: parsed.error }];
  }
  const results: IngestItemResult[] = [];
  for (const [index, item] of parsed.items.entries()) {
    results.push(await takeItem(ctx, fileId, index, item, input, now, opts));
  }
  return results;
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

async function takeItem(ctx: Ctx, fileId: string, index: number, item: WireParseResult, input: IngestInput, now: string, opts: { isRedo: boolean }): Promise<IngestItemResult> {
  const { store } = ctx;
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
  const redone = previous || !opts.isRedo ? undefined : await store.wire.takenAt(fileId, index);
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
