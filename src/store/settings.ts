import type { Kysely } from 'kysely';
import { ChangeFeed, dependsOn, type Dependencies } from './dependencies.js';
import type { Database } from './schema.js';

/** Site-wide key/value settings kept in the database (secrets, first-run flags). */
export class SettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed = new ChangeFeed(),
    /** Where a page render records what it reads (see dependencies.ts). */
    private readonly deps?: Dependencies,
  ) {}

  async get(key: string): Promise<string | undefined> {
    dependsOn(this.deps, 'settings');
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    this.changes.emit(['settings']);
  }

  /** Sets the key only when absent; returns the value now stored. Safe when several nodes start at once. */
  async setIfAbsent(key: string, value: string): Promise<string> {
    await this.db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.get(key)) ?? value;
  }
}
