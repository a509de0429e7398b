import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { toIssues } from '../domain/article.js';
import { AppError } from '../domain/errors.js';
import { ROLES, authorize, type Actor } from '../domain/policies.js';
import { slugify } from '../domain/slug.js';
import type { User } from '../store/users.js';
import { hashPassword } from './passwords.js';

export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const newUserSchema = z.object({
  email: z.email('must be an e-mail address').max(200).transform((e) => e.trim().toLowerCase()),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
  password: passwordSchema,
});

const profileSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  bio: z.string().trim().max(1000),
  location: z.string().trim().max(100),
  photoUrl: z.union([z.literal(''), z.string().trim().regex(/^(https?:\/\/|\/)\S+$/, 'must be an http(s) URL or a site path').max(2000)]),
});

function invalid(error: z.ZodError, what: string): AppError {
  const issues = toIssues(error);
  return new AppError('invalid_input', `${what}: ${issues.map((i) => `${i.where} ${i.message}`).join('; ')}`, { issues });
}

/**
 * Adds a person. With no actor it is the first-run path (CLI or setup page), allowed only by the
 * caller's own checks; otherwise only admins may add people.
 */
export async function createUser(ctx: AppContext, input: unknown, actor?: Actor): Promise<User> {
  if (actor) authorize(actor, 'people.manage');
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'Cannot add this person');
  const { email, name, role, password } = parsed.data;
  if (await ctx.store.users.getCredentials(email)) throw new AppError('conflict', `Someone with the e-mail ${email} already has an account.`);
  let slug = slugify(name);
  for (let n = 2; await ctx.store.users.slugExists(slug); n++) slug = `${slugify(name)}-${n}`;
  return ctx.store.users.insert({
    id: randomUUID(),
    email,
    name,
    slug,
    role,
    bio: null,
    location: null,
    photoUrl: null,
    createdAt: ctx.now().toISOString(),
    disabledAt: null,
    passwordHash: await hashPassword(password),
  });
}

/** Creates the first admin on a fresh install; refused once anyone has an account. */
export async function createFirstAdmin(ctx: AppContext, input: { email: string; name: string; password: string }): Promise<User> {
  if ((await ctx.store.users.count()) > 0) throw new AppError('forbidden', 'Setup is done: this site already has people. Ask an admin for an account.');
  return createUser(ctx, { ...input, role: 'admin' });
}

export async function updateProfile(ctx: AppContext, actor: Actor, userId: string, input: unknown): Promise<void> {
  if (actor.id !== userId) authorize(actor, 'people.manage');
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'Cannot save the profile');
  const p = parsed.data;
  await ctx.store.users.updateProfile(userId, { name: p.name, bio: p.bio || null, location: p.location || null, photoUrl: p.photoUrl || null });
}

export async function setRole(ctx: AppContext, actor: Actor, userId: string, role: unknown): Promise<void> {
  authorize(actor, 'people.manage');
  const parsed = z.enum(ROLES).safeParse(role);
  if (!parsed.success) throw new AppError('invalid_input', `role: must be one of ${ROLES.join(', ')}`);
  if (userId === actor.id && parsed.data !== 'admin') throw new AppError('conflict', 'You cannot take away your own admin role; ask another admin.');
  await ctx.store.users.setRole(userId, parsed.data);
}

export async function setDisabled(ctx: AppContext, actor: Actor, userId: string, disabled: boolean): Promise<void> {
  authorize(actor, 'people.manage');
  if (userId === actor.id) throw new AppError('conflict', 'You cannot disable your own account.');
  await ctx.store.users.setDisabled(userId, disabled ? ctx.now().toISOString() : null);
  if (disabled) await ctx.store.sessions.deleteForUser(userId);
}
