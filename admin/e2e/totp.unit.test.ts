import { describe, expect, test } from 'vitest';
import { base32Decode, hotp, totp } from './totp';

describe('TOTP helper (RFC 6238 / RFC 4226)', () => {
  test('base32', () => {
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString()).toBe('12345678901234567890');
    expect(base32Decode('JBSWY3DPEHPK3PXP').toString('hex')).toBe('48656c6c6f21deadbeef');
    expect(() => base32Decode('1!')).toThrow();
  });
  test('RFC 4226 HOTP vectors', () => {
    const key = Buffer.from('12345678901234567890');
    expect([0, 1, 2, 3, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '969429', '520489']);
  });
  test('RFC 6238 SHA-1 vectors (8 digits)', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totp(secret, 59_000, 30, 8)).toBe('94287082');
    expect(totp(secret, 1111111109_000, 30, 8)).toBe('07081804');
    expect(totp(secret, 2000000000_000, 30, 8)).toBe('69279037');
  });
  test('codes change every 30 seconds', () => {
    expect(totp('JBSWY3DPEHPK3PXP', 0)).toBe(totp('JBSWY3DPEHPK3PXP', 29_999));
    expect(totp('JBSWY3DPEHPK3PXP', 0)).not.toBe(totp('JBSWY3DPEHPK3PXP', 30_000));
  });
});
