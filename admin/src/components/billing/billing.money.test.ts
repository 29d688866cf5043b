import { describe, expect, test } from 'vitest';
import { formatMoney, minorUnitOf } from './money';

describe('billing money', () => {
  test('3-decimal Gulf currencies, 2 decimals elsewhere', () => {
    expect(minorUnitOf('OMR')).toBe(3);
    expect(minorUnitOf('KWD')).toBe(3);
    expect(minorUnitOf('BHD')).toBe(3);
    expect(minorUnitOf('SAR')).toBe(2);
    expect(minorUnitOf('USD')).toBe(2);
    expect(minorUnitOf('SAR', { SAR: 0 })).toBe(0);
  });

  test('formats with exactly the minor unit, in English with the code', () => {
    expect(formatMoney(12.5, 'OMR', 'en')).toBe('OMR 12.500');
    expect(formatMoney('1234.5', 'SAR', 'en')).toBe('SAR 1,234.50');
    expect(formatMoney(-3.333, 'BHD', 'en')).toBe('-BHD 3.333');
    expect(formatMoney(0, 'KWD', 'en', { KWD: 3 })).toBe('KWD 0.000');
  });

  test('Arabic uses Arabic-Indic digits and keeps the decimals', () => {
    const s = formatMoney(12.5, 'OMR', 'ar');
    expect(s).toMatch(/١٢٫٥٠٠/);
    expect(formatMoney(7, 'SAR', 'ar')).toMatch(/٧٫٠٠/);
  });

  test('missing values show a dash', () => {
    expect(formatMoney(null, 'OMR', 'en')).toBe('—');
    expect(formatMoney(1, null, 'en')).toBe('—');
  });
});
