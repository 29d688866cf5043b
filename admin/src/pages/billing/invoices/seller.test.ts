import { describe, expect, test } from 'vitest';
import { vatNumberError } from './SellerProfileModal';

describe('seller profile form (mirrors public.set_seller_profile)', () => {
  test('a Saudi VAT number has 15 digits, first and last 3', () => {
    expect(vatNumberError('SA', '310122393500003')).toBeNull();
    expect(vatNumberError('SA', '123')).toBe('saudi');
    expect(vatNumberError('SA', '410122393500003')).toBe('saudi');
  });
  test('other countries: letters and digits, at most 20', () => {
    expect(vatNumberError('OM', 'OM1100987654')).toBeNull();
    expect(vatNumberError('OM', 'OM 1100')).toBe('format');
    expect(vatNumberError('AE', '1'.repeat(21))).toBe('format');
  });
});
