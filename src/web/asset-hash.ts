import { createHash } from 'node:crypto';

/** The first ten hex digits of an asset's SHA-256, for its URL: a new body gets a new address, so one can be cached forever. */
export const assetHash = (body: Buffer): string => createHash('sha256').update(body).digest('hex').slice(0, 10);
