import { describe, expect, test } from 'vitest';
import { bannerWindows, settingValueError, type PlatformStatus } from './model';

describe('settingValueError', () => {
  test('integers: type, whole numbers, range', () => {
    const s = { type: 'integer' as const, minimum: 1, maximum: 20 };
    expect(settingValueError(s, 5)).toBeNull();
    expect(settingValueError(s, '5')?.key).toBe('platform.settings.errors.type');
    expect(settingValueError(s, 2.5)?.key).toBe('platform.settings.errors.integer');
    expect(settingValueError(s, 0)).toEqual({ key: 'platform.settings.errors.minimum', values: { min: 1 } });
    expect(settingValueError(s, 21)).toEqual({ key: 'platform.settings.errors.maximum', values: { max: 20 } });
    expect(settingValueError(s, null)?.key).toBe('platform.settings.errors.required');
  });
  test('strings: enum, length, pattern', () => {
    expect(settingValueError({ type: 'string', enum: ['ar', 'en'] }, 'fr')?.key).toBe('platform.settings.errors.enum');
    expect(settingValueError({ type: 'string', enum: ['ar', 'en'] }, 'ar')).toBeNull();
    expect(settingValueError({ type: 'string', maxLength: 3 }, 'abcd')?.key).toBe('platform.settings.errors.max_length');
    expect(settingValueError({ type: 'string', pattern: '^[^@]+@[^@]+$' }, 'nope')?.key).toBe('platform.settings.errors.pattern');
    expect(settingValueError({ type: 'string', pattern: '^[^@]+@[^@]+$' }, 'a@b')).toBeNull();
  });
  test('booleans', () => {
    expect(settingValueError({ type: 'boolean' }, false)).toBeNull();
    expect(settingValueError({ type: 'boolean' }, 'false')?.key).toBe('platform.settings.errors.type');
  });
});

test('bannerWindows puts running windows first', () => {
  const status: PlatformStatus = { now: '', announcements: [], maintenance: { active: true, windows: [
    { id: 'b', region: null, starts_at: '2026-12-02', ends_at: null, active: false, message: { en: 'later', ar: 'لاحقاً' } },
    { id: 'a', region: 'GCC-SA', starts_at: '2026-12-01', ends_at: null, active: true, message: { en: 'now', ar: 'الآن' } }] } };
  expect(bannerWindows(status).map((w) => w.id)).toEqual(['a', 'b']);
  expect(bannerWindows(null)).toEqual([]);
});
