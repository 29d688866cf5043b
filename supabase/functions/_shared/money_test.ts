// Money conversion as the gateways count minor units.
import assert from 'node:assert/strict';
import { currencyExponent, majorToMinor, minorToMajor, stripeChargeableMinor } from './money.ts';

Deno.test('money: Stripe currency exponents and exact conversion', () => {
  assert.equal(currencyExponent('omr'), 3);
  assert.equal(currencyExponent('KWD'), 3);
  assert.equal(currencyExponent('SAR'), 2);
  assert.equal(currencyExponent('JPY'), 0);
  assert.equal(minorToMajor(12340, 'OMR'), '12.340');
  assert.equal(minorToMajor(5, 'BHD'), '0.005');
  assert.equal(minorToMajor(1999, 'SAR'), '19.99');
  assert.equal(minorToMajor(500, 'JPY'), '500');
  assert.equal(majorToMinor('12.345', 'OMR'), 12345);
  assert.equal(majorToMinor(19.99, 'AED'), 1999);
  assert.equal(majorToMinor('0.015', 'USD'), 2);
  assert.equal(stripeChargeableMinor(12345, 'OMR'), 12350);
  assert.equal(stripeChargeableMinor(12340, 'KWD'), 12340);
  assert.equal(stripeChargeableMinor(12345, 'SAR'), 12345);
});
