// The PayTabs client's refund answers against a canned API (canned.ts): a final non-A
// response_status is a refused refund; request errors are thrown as 502 gateway_error (retried).
import assert from 'node:assert/strict';
import { cannedTest, rejectsAsGatewayError, refundWith } from '../canned.ts';
import { PaytabsClient } from './client.ts';

cannedTest('paytabs refund: a final non-A response_status is a failed refund paytabs_<status>; P/H pending; request errors thrown', async (api) => {
  const paytabs = new PaytabsClient(api.base);
  const answer = (status: string, message: string) => ({ tran_ref: 'TST123', tran_type: 'Refund', payment_result: { response_status: status, response_code: '400', response_message: message } });
  for (const s of ['D', 'E', 'V', 'X']) {
    assert.deepEqual(await refundWith(api, paytabs, 200, answer(s, 'Refund declined')),
      { gateway_refund_id: 'TST123', status: 'failed', failure_code: `paytabs_${s}`, failure_message: 'Refund declined' }, s);
  }
  assert.equal(api.seen?.path, '/payment/request');
  assert.equal(JSON.parse(api.seen!.body).tran_type, 'refund');
  assert.deepEqual(await refundWith(api, paytabs, 200, answer('A', 'Authorised')), { gateway_refund_id: 'TST123', status: 'succeeded' });
  assert.deepEqual(await refundWith(api, paytabs, 200, answer('P', 'Pending')), { gateway_refund_id: 'TST123', status: 'pending' });
  assert.deepEqual(await refundWith(api, paytabs, 200, answer('H', 'On hold')), { gateway_refund_id: 'TST123', status: 'pending' });
  await rejectsAsGatewayError(refundWith(api, paytabs, 401, { code: 1, message: 'Authentication failed. Check authentication header.' }), 'paytabs 401');
  await rejectsAsGatewayError(refundWith(api, paytabs, 500, {}), 'paytabs 500');
});
