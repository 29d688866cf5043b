// OPPWA result-code groups, read the same way by the client and the events (results.ts).
import assert from 'node:assert/strict';
import { HYPERPAY_CHECKOUT_CREATED, HYPERPAY_OURS, hyperpayOutcome } from './results.ts';

Deno.test('hyperpay results: succeeded (incl. review manually), pending (incl. waiting) and failed codes; ours and checkout-created groups', () => {
  for (const code of ['000.000.000', '000.000.100', '000.100.110', '000.300.000', '000.600.000', '000.400.110', '000.400.000', '000.400.100']) assert.equal(hyperpayOutcome(code), 'succeeded', code);
  for (const code of ['000.200.000', '000.200.100', '800.400.500', '100.400.500']) assert.equal(hyperpayOutcome(code), 'pending', code);
  for (const code of ['800.100.151', '700.400.200', '000.400.030', '000.400.101', '']) assert.equal(hyperpayOutcome(code), 'failed', code);
  assert.ok(HYPERPAY_CHECKOUT_CREATED.test('000.200.100'));
  assert.ok(!HYPERPAY_CHECKOUT_CREATED.test('000.200.000'));
  for (const code of ['200.300.404', '800.900.300', '600.200.500', '900.100.300', '999.999.999']) assert.ok(HYPERPAY_OURS.test(code), code);
  for (const code of ['700.400.200', '800.100.151', '000.100.110']) assert.ok(!HYPERPAY_OURS.test(code), code);
});
