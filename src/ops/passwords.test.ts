import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.equal(await verifyPassword('correct horse battery', stored), true);
    assert.equal(await verifyPassword('correct horse batterz', stored), false);
  });

  it('checks an unknown e-mail against a hash of the same cost that no password matches', async () => {
    const real = (await hashPassword('anything')).split('$');
    const dummy = DUMMY_HASH.split('$');
    // Same scheme and scrypt parameters, salt and key of the same lengths: the same work to check.
    assert.deepEqual(dummy.slice(0, 4), real.slice(0, 4));
    assert.deepEqual(dummy.slice(4).map((part) => Buffer.from(part, 'base64url').length), real.slice(4).map((part) => Buffer.from(part, 'base64url').length));
    assert.equal(await verifyPassword('anything', DUMMY_HASH), false);
    assert.equal(await verifyPassword('', DUMMY_HASH), false);
  });
});
