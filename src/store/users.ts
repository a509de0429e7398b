import type { Kysely } from 'kysely';
import type { Role } from '../domain/policies.js';
import { ChangeFeed, dependsOn, type Dependencies } from './dependencies.js';
import type { Database, UsersTable } from './schema.js';

export interface User {
  id: string;
  email: string;
  name: string;
  slug: string;
  role: Role;
  bio: string | null;
  location: string | null;
  photoUrl: string | null;
  createdAt: string;
  disabledAt: string | null;
}

const toUser = (r: Omit<UsersTable, 'password_hash'>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  slug: r.slug,
  role: r.role as Role,
  bio: r.bio,
  location: r.location,
  photoUrl: r.photo_url,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const PUBLIC_COLUMNS = ['id', 'email', 'name', 'slug', 'role', 'bio', 'location', 'photo_url', 'created_at', 'disabled_at'] as const;

/** Newsroom people. The password hash never leaves this module except for sign-in. */
export class UserStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed = new ChangeFeed(),
    /** Where a page render records what it reads (see dependencies.ts). */
    private readonly deps?: Dependencies,
  ) {}

  async insert(u: User & { passwordHash: string }): Promise<User> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        slug: u.slug,
        role: u.role,
        password_hash: u.passwordHash,
        bio: u.bio,
        location: u.location,
        photo_url: u.photoUrl,
        created_at: u.createdAt,
        disabled_at: u.disabledAt,
      })
      .execute();
    return u;
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async getById(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async getBySlug(slug: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').select(PUBLIC_COLUMNS).where('slug', '=', slug).executeTakeFirst();
    if (row) dependsOn(this.deps, `author:${row.id}`);
    return row && toUser(row);
  }

  async getByIds(ids: readonly string[]): Promise<User[]> {
    if (!ids.length) return [];
    dependsOn(this.deps, ...ids.map((id) => `author:${id}`));
    const rows = await this.db.selectFrom('users').select(PUBLIC_COLUMNS).where('id', 'in', [...ids]).execute();
    return rows.map(toUser);
  }

  /** The user and password hash for a sign-in attempt. */
  async getCredentials(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('name').execute()).map(toUser);
  }

  async slugExists(slug: string): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  }

  async updateProfile(id: string, p: { name: string; bio: string | null; location: string | null; photoUrl: string | null }): Promise<void> {
    await this.db.updateTable('users').set({ name: p.name, bio: p.bio, location: p.location, photo_url: p.photoUrl }).where('id', '=', id).execute();
    this.changes.emit([`author:${id}`]);
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.db.updateTable('users').set({ role }).where('id', '=', id).execute();
  }

  async setDisabled(id: string, disabledAt: string | null): Promise<void> {
    await this.db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute();
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  }
}

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

/** Signed-in sessions, keyed by the sha256 of the cookie token. */
export class SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        expires_at: s.expiresAt,
        user_agent: s.userAgent,
        ip: s.ip,
      })
      .execute();
  }

  async get(idHash: string): Promise<Session | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return (
      r && {
        idHash: r.id_hash,
        userId: r.user_id,
        csrfToken: r.csrf_token,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        userAgent: r.user_agent,
        ip: r.ip,
      }
    );
  }

  async touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }

  async listForUser(userId: string): Promise<Session[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
    return rows.map((r) => ({
      idHash: r.id_hash,
      userId: r.user_id,
      csrfToken: r.csrf_token,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      userAgent: r.user_agent,
      ip: r.ip,
    }));
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteForUser(userId: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  }
}
