import { describe, expect, test } from 'vitest';
import { countdown, formatNumber, localName } from './format';

describe('formatting', () => {
  test('countdown mm:ss, never negative', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(countdown(now + 5 * 60_000, now)).toBe('05:00');
    expect(countdown(now + 61_500, now)).toBe('01:01');
    expect(countdown(now - 1000, now)).toBe('00:00');
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
});
