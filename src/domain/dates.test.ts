import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLongDate, ordinal, utcToZonedLocal, zonedLocalToUtc } from './dates.js';

describe('dates', () => {
  it('writes the date as the seed does', () => {
    assert.equal(formatLongDate('2015-05-13T12:00:00.000Z', 'Europe/London'), 'Wednesday, May 13th 2015');
  });
  it('uses the site time zone, not UTC', () => {
    assert.equal(formatLongDate('2015-05-13T23:30:00.000Z', 'Asia/Tokyo'), 'Thursday, May 14th 2015');
  });
  it('gives English ordinals, teens included', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '31st']);
  });
});

describe('zoned local times', () => {
  it('reads a London summer wall-clock time as BST', () => {
    assert.equal(zonedLocalToUtc('2015-05-13T14:05', 'Europe/London'), '2015-05-13T13:05:00.000Z');
  });
  it('reads a New York winter time as EST', () => {
    assert.equal(zonedLocalToUtc('2026-01-10T09:30', 'America/New_York'), '2026-01-10T14:30:00.000Z');
  });
  it('round-trips an instant through the wall clock', () => {
    assert.equal(utcToZonedLocal('2026-07-01T10:00:00.000Z', 'Asia/Tokyo'), '2026-07-01T19:00');
    assert.equal(zonedLocalToUtc('2026-07-01T19:00', 'Asia/Tokyo'), '2026-07-01T10:00:00.000Z');
  });
  it('refuses a malformed time', () => {
    assert.equal(zonedLocalToUtc('tomorrow at noon', 'Europe/London'), undefined);
  });
});
