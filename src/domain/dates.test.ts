import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLongDate, ordinal } from './dates.js';

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
