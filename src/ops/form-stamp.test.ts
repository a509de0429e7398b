import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formStamp, stampTime } from './post-comment.js';

describe('the comment form time stamp', () => {
  it('carries a time no earlier than the render, to the next whole second, signed', () => {
    const at = new Date('2026-11-27T06:30:15.250Z');
    const stamp = formStamp('secret-a', at);
    assert.equal(stampTime('secret-a', stamp), Date.parse('2026-11-27T06:30:16.000Z'));
    assert.equal(stampTime('secret-b', stamp), undefined, 'another site secret does not verify it');
    assert.equal(stampTime('secret-a', stamp.replace(/^\d{13}/, String(Date.parse('2026-11-27T06:29:00.000Z')))), undefined, 'an earlier time under the same signature is refused');
  });

  it('is the same for pages rendered within one second, and new in the next or under another secret', () => {
    const a = formStamp('secret-a', new Date('2026-11-27T06:30:15.001Z'));
    assert.equal(formStamp('secret-a', new Date('2026-11-27T06:30:15.999Z')), a);
    assert.equal(formStamp('secret-a', new Date('2026-11-27T06:30:16.000Z')), a, 'a whole second is its own');
    assert.notEqual(formStamp('secret-a', new Date('2026-11-27T06:30:16.001Z')), a);
    assert.notEqual(formStamp('secret-b', new Date('2026-11-27T06:30:15.500Z')), a);
  });
});
