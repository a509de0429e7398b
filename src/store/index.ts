import type { Kysely } from 'kysely';
import { ArticleStore } from './articles.js';
import { CommentStore } from './comments.js';
import { CorrectionStore } from './corrections.js';
import { MediaStore } from './media.js';
import { WireStore } from './wire.js';
import { openSqlite, type DialectInfo } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { SettingsStore } from './settings.js';
import { SessionStore, UserStore } from './users.js';

/** The store: one object per area over one database handle. */
export interface Store {
  db: Kysely<Database>;
  dialect: DialectInfo;
  /** Runs `fn` with stores bound to one transaction: all of its writes land, or none. */
  transaction: <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
  articles: ArticleStore;
  comments: CommentStore;
  settings: SettingsStore;
  users: UserStore;
  sessions: SessionStore;
  corrections: CorrectionStore;
  media: MediaStore;
  wire: WireStore;
  close: () => Promise<void>;
}

function storesOver(db: Kysely<Database>, info: DialectInfo, close: () => Promise<void>): Store {
  return {
    db,
    dialect: info,
    transaction: (fn) => db.transaction().execute((trx) => fn(storesOver(trx, info, close))),
    articles: new ArticleStore(db),
    comments: new CommentStore(db),
    settings: new SettingsStore(db),
    users: new UserStore(db),
    sessions: new SessionStore(db),
    corrections: new CorrectionStore(db),
    media: new MediaStore(db),
    wire: new WireStore(db),
    close,
  };
}

/** Opens the embedded SQLite store in `dataDir` and migrates it to the latest schema. */
export async function openStore(dataDir: string): Promise<Store> {
  const { db, info, close } = openSqlite(dataDir);
  await migrateToLatest(db as unknown as Kysely<unknown>, info);
  return storesOver(db, info, close);
}
