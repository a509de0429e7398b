import type { AppContext } from '../context.js';
import type { StoredArticle } from '../store/articles.js';
import { parseWireItem } from '../wire/parse.js';
import type { WireReport } from '../wire/types.js';
import { createArticle } from './create-article.js';

export interface ImportWireFileInput {
  bytes: Buffer;
  fileName: string;
  publish: boolean;
  /** A section slug or name; otherwise the item's own, otherwise "news". */
  section?: string | undefined;
}

export interface ImportedWireFile {
  article: StoredArticle;
  report: WireReport;
}

/**
 * Parses one wire file and stores it as an article, a draft for the desk or published at once.
 * Parsing finishes before anything is written, so a bad file stores nothing.
 */
export async function importWireFile(ctx: AppContext, input: ImportWireFileInput, actor: string | null = null): Promise<ImportedWireFile> {
  const { article: draft, report } = parseWireItem(input.bytes, input.fileName);
  const article = await createArticle(
    ctx,
    { ...draft, section: input.section ?? draft.section ?? 'news', status: input.publish ? 'published' : 'draft' },
    { actor, origin: 'wire' },
  );
  return { article, report };
}
