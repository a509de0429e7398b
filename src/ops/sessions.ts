import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { clearLimit, hitLimit, limitWait, LIMITS } from './rate-limits.js';
import { AppError } from '../domain/errors.js';
import type { Session, User } from '../store/users.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { passwordSchema } from './people.js';

const SESSION_DAYS = 14;
const TOUCH_EVERY_MS = 5 * 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
}

/** Checks credentials and opens a session; refuses with `rate_limited` after repeated failures. */
export async function signIn(ctx: AppContext, input: SignInInput): Promise<{ token: string; user: User; session: Session }> {
  const now = ctx.now();
  const email = input.email.trim().toLowerCase();
  const wait = Math.max(await limitWait(ctx, LIMITS.signInFailuresByEmail, email), await limitWait(ctx, LIMITS.signInFailuresByAddress, input.ip));
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`);
  }
  const found = await ctx.store.users.getCredentials(email);
  const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_HASH);
  if (!found || !ok || found.user.disabledAt) {
    await hitLimit(ctx, LIMITS.signInFailuresByEmail, email);
    await hitLimit(ctx, LIMITS.signInFailuresByAddress, input.ip);
    throw new AppError('unauthorized', found?.user.disabledAt && ok ? 'This account is disabled.' : 'The e-mail or password is wrong.');
  }
  await clearLimit(ctx, LIMITS.signInFailuresByEmail, email);
  const token = randomBytes(32).toString('base64url');
  const session: Session = {
    idHash: hashToken(token),
    userId: found.user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    ip: input.ip,
  };
  await ctx.store.sessions.insert(session);
  return { token, user: found.user, session };
}

/** The live session and user behind a cookie token; extends the session as it is used. */
export async function resumeSession(ctx: AppContext, token: string): Promise<{ user: User; session: Session } | undefined> {
  const session = await ctx.store.sessions.get(hashToken(token));
  const now = ctx.now();
  if (!session) return undefined;
  if (session.expiresAt < now.toISOString()) {
    await ctx.store.sessions.delete(session.idHash);
    return undefined;
  }
  const user = await ctx.store.users.getById(session.userId);
  if (!user || user.disabledAt) return undefined;
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    await ctx.store.sessions.touch(session.idHash, now.toISOString(), new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString());
  }
  return { user, session };
}

export async function changePassword(ctx: AppContext, userId: string, current: string, next: string): Promise<void> {
  const user = await ctx.store.users.getById(userId);
  const creds = user && (await ctx.store.users.getCredentials(user.email));
  if (!creds || !(await verifyPassword(current, creds.passwordHash))) throw new AppError('invalid_input', 'The current password is wrong.');
  const parsed = passwordSchema.safeParse(next);
  if (!parsed.success) throw new AppError('invalid_input', `New password ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  await ctx.store.users.setPasswordHash(userId, await hashPassword(parsed.data));
}
