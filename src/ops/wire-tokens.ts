import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { AppError } from '../domain/errors.js';
import { hashToken } from './sessions.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,59}$/;

/** Creates a push token for an agency; the token is shown once and only its hash is kept. */
export async function createWireToken(ctx: AppContext, name: string): Promise<string> {
  if (!NAME.test(name)) throw new AppError('invalid_input', `name: "${name}" must be lower-case letters, digits, dots, dashes or underscores (at most 60), e.g. "afp".`);
  if ((await ctx.store.wire.tokens()).some((t) => t.name === name)) throw new AppError('conflict', `A token named "${name}" exists already; revoke it first.`);
  const token = `dlw_${randomBytes(24).toString('base64url')}`;
  await ctx.store.wire.insertToken(name, hashToken(token), ctx.now().toISOString());
  return token;
}

/** The agency name behind a bearer token, or undefined. */
export async function checkWireToken(ctx: AppContext, token: string): Promise<string | undefined> {
  return (await ctx.store.wire.tokenByHash(hashToken(token)))?.name;
}
