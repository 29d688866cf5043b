// The console names a key's state as the gateway treats it: a rotated key still inside its grace
// period is "retiring" (it works), after it "expired"; revoked wins over everything.
import { describe, expect, test } from 'vitest';
import { keyState } from './keyState';

const now = new Date('2026-12-01T08:00:00Z');
const key = (k: Partial<{ revoked_at: string | null; expires_at: string | null; replaced_by: string | null }>) =>
  ({ revoked_at: null, expires_at: null, replaced_by: null, ...k });

describe('keyState', () => {
  test('a plain key is active', () => expect(keyState(key({}), now)).toBe('active'));
  test('a replaced key inside its overlap is retiring', () =>
    expect(keyState(key({ replaced_by: 'x', expires_at: '2026-12-02T08:00:00Z' }), now)).toBe('retiring'));
  test('a replaced key whose overlap ended is expired', () =>
    expect(keyState(key({ replaced_by: 'x', expires_at: '2026-12-01T08:00:00Z' }), now)).toBe('expired'));
  test('revoked wins, even during the overlap', () =>
    expect(keyState(key({ replaced_by: 'x', expires_at: '2026-12-02T08:00:00Z', revoked_at: '2026-12-01T07:00:00Z' }), now)).toBe('revoked'));
});
