import { describe, expect, test } from 'vitest';
import { countdown, formatDate, formatNumber, formatPeriod, localName, textDirection } from './format';

describe('formatting', () => {
  test('countdown mm:ss, never negative', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(countdown(now + 5 * 60_000, now)).toBe('05:00');
    expect(countdown(now + 61_500, now)).toBe('01:01');
    expect(countdown(now - 1000, now)).toBe('00:00');
  });
  test('a billing period shows the days it covers in the tenant\'s timezone', () => {
    // Muscat midnight 24 Nov to Muscat midnight 24 Dec: the last day is 23 Dec
    expect(formatPeriod('2026-11-23T20:00:00Z', '2026-12-23T20:00:00Z', 'en', 'Asia/Muscat')).toBe('24 Nov 2026 – 23 Dec 2026');
    // Berlin, across the start of summer time (29 Mar): the day before 30 Mar is 29 Mar, 23 hours long
    expect(formatPeriod('2026-02-28T23:00:00Z', '2026-03-29T22:00:00Z', 'en', 'Europe/Berlin')).toBe('1 Mar 2026 – 29 Mar 2026');
    expect(formatPeriod(null, '2026-12-23T20:00:00Z', 'en', 'Asia/Muscat')).toBe('—');
  });
  test('a date-only value is that day wherever the reader is', () => {
    expect(formatDate('2026-11-24', 'en', 'Pacific/Honolulu')).toBe('24 Nov 2026');
    expect(formatDate('2026-11-23T20:00:00Z', 'en', 'Asia/Muscat')).toBe('24 Nov 2026');
  });
  test('numbers per locale', () => {
    expect(formatNumber(1234, 'en')).toBe('1,234');
    expect(formatNumber(null, 'en')).toBe('—');
    expect(formatNumber(1234, 'ar')).toBe('١٬٢٣٤');
  });
  test('localised names fall back to English', () => {
    expect(localName({ en: 'Pearl', ar: 'اللؤلؤة' }, 'ar')).toBe('اللؤلؤة');
    expect(localName({ en: 'Pearl' }, 'ar')).toBe('Pearl');
    expect(localName(null, 'en')).toBe('');
  });
  test('a text\'s direction is its first letter\'s: a Latin slug or name is ltr, an Arabic name rtl, digits follow the page', () => {
    expect(textDirection('e2e-long-tenant-slug')).toBe('ltr');
    expect(textDirection('123 Crystal Trading Co.')).toBe('ltr');
    expect(textDirection('مغسلة النور Al Noor')).toBe('rtl');
    expect(textDirection('(٣) مغسلة')).toBe('rtl');
    expect(textDirection('2026-12-06 10:00')).toBeNull();
  });
});
