// A traceparent sent with a supabase-js call reaches SQL through the gateway's /rest/v1 (as
// PostgREST passes request headers in request.headers): the job the call enqueues carries its trace-id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SERVICE_ROLE_KEY, startTestGateway, supabase, withDb } from './helpers.ts';

let gw: { url: string; close(): Promise<void> };
beforeAll(async () => { gw = await startTestGateway(); });
afterAll(async () => { await gw?.close(); });

function paymentEvent(eventId: string) {
  return { gateway: 'stripe', event_id: eventId, event_type: 'payment_intent.succeeded', kind: 'payment_succeeded',
    object_id: `pi_${eventId}`, amount: 1, currency: 'OMR', occurred_at: '2026-12-06T10:00:00Z', payload: { id: eventId } };
}

async function traceOfApplyJob(eventId: string): Promise<string | null> {
  return withDb(async (c) => (await c.query(
    `select message ->> 'trace_id' as trace_id from pgmq.q_billing where message ->> 'idempotency_key' = $1`,
    [`payment_event:stripe:${eventId}`])).rows[0]?.trace_id ?? null);
}

describe('traces through /rest/v1', () => {
  it('a call with a traceparent enqueues a job carrying its trace-id', async () => {
    const eventId = `evt_trace_${process.pid}`;
    const { error } = await supabase(gw.url, DEMO_SERVICE_ROLE_KEY).rpc('ingest_payment_event', { event: paymentEvent(eventId) })
      .setHeader('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(error).toBeNull();
    expect(await traceOfApplyJob(eventId)).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('a malformed traceparent is ignored: the call succeeds without a trace', async () => {
    const eventId = `evt_trace_bad_${process.pid}`;
    const { error } = await supabase(gw.url, DEMO_SERVICE_ROLE_KEY).rpc('ingest_payment_event', { event: paymentEvent(eventId) })
      .setHeader('traceparent', 'not-a-trace');
    expect(error).toBeNull();
    expect(await traceOfApplyJob(eventId)).toBeNull();
  });
});
