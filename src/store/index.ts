import type { Kysely } from 'kysely';
import { BufferedChangeFeed, ChangeFeed, type Dependencies } from './dependencies.js';
import { ArticleStore } from './articles.js';
import { CommentStore } from './comments.js';
import { CorrectionStore } from './corrections.js';
import { DerivedStore } from './derived.js';
import { MediaStore } from './media.js';
import { SearchStore } from './search.js';
import { ViewStore } from './views.js';
import { RateLimitStore } from './rate-limits.js';
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
  /** What writes changed, as dependency tags (see dependencies.ts); the page cache listens. */
  changes: ChangeFeed;
  /** Runs a long run of writes (an import) with the database's upkeep out of its way (see `withCheckpointThread` in dialect.ts). */
  bulkWrites: <T>(work: () => Promise<T>) => Promise<T>;
  /** Runs `fn` with stores bound to one transaction: all of its writes land, or none. */
  transaction: <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
  /**
   * The same store for rendering one page: its reads record their dependency tags into `deps`
   * (see dependencies.ts). `reading(undefined)` records nothing.
   */
  reading: (deps: Dependencies) => Store;
  articles: ArticleStore;
  comments: CommentStore;
  settings: SettingsStore;
  users: UserStore;
  sessions: SessionStore;
  corrections: CorrectionStore;
  media: MediaStore;
  wire: WireStore;
  search: SearchStore;
  views: ViewStore;
  derived: DerivedStore;
  rateLimits: RateLimitStore;
  close: () => Promise<void>;
}

type Handle = Pick<Store, 'close' | 'bulkWrites'>;

function storesOver(db: Kysely<Database>, info: DialectInfo, handle: Handle, changes: ChangeFeed, deps?: Dependencies): Store {
  const store: Store = {
    db,
    dialect: info,
    changes,
    transaction: async (fn) => {
      // A transaction's change announcements wait for its commit.
      const buffered = new BufferedChangeFeed(changes);
      const result = await db.transaction().execute((trx) => fn(storesOver(trx, info, handle, buffered, deps)));
      buffered.flush();
      return result;
    },
    // A store that records nothing, read through without recording, is itself.
    reading: (readDeps) => (readDeps === undefined && deps === undefined ? store : storesOver(db, info, handle, changes, readDeps)),
    articles: new ArticleStore(db, changes, deps),
    comments: new CommentStore(db, changes, deps),
    settings: new SettingsStore(db, changes, deps),
    users: new UserStore(db, changes, deps),
    sessions: new SessionStore(db),
    corrections: new CorrectionStore(db, changes, deps),
    media: new MediaStore(db),
    wire: new WireStore(db),
    search: new SearchStore(db, info, deps),
    views: new ViewStore(db),
    derived: new DerivedStore(db),
    rateLimits: new RateLimitStore(db),
    close: handle.close,
    bulkWrites: handle.bulkWrites,
  };
  return store;
}

/** Opens the embedded SQLite store in `dataDir` and migrates it to the latest schema. */
export async function openStore(dataDir: string): Promise<Store> {
  const { db, info, close, bulkWrites } = openSqlite(dataDir);
  await migrateToLatest(db as unknown as Kysely<unknown>, info);
  return storesOver(db, info, { close, bulkWrites }, new ChangeFeed());
}
