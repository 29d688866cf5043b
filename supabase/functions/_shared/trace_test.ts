import assert from 'node:assert/strict';
import { childTraceparent, currentTraceId, traced, tracedFetch, traceIdOf } from './trace.ts';

const GIVEN = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

Deno.test('traceIdOf reads valid traceparents and refuses invalid ones', () => {
  assert.equal(traceIdOf(GIVEN), '0af7651916cd43dd8448eb211c80319c');
  assert.equal(traceIdOf('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-more'), '0af7651916cd43dd8448eb211c80319c');
  assert.equal(traceIdOf('00-00000000000000000000000000000000-b7ad6b7169203331-01'), null);
  assert.equal(traceIdOf('ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'), null);
  assert.equal(traceIdOf('00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01'), null);
  assert.equal(traceIdOf(null), null);
});

Deno.test('a traced request keeps its trace for the calls it makes, each a new span', async () => {
  const sent: string[] = [];
  const f = tracedFetch(async (_input, init) => { sent.push(new Headers(init?.headers).get('traceparent') ?? ''); return new Response('{}'); });
  const handler = traced(async () => {
    await f('http://api.test/rest/v1/rpc/complete_job', { method: 'POST' });
    await f('http://api.test/rest/v1/rpc/complete_job', { method: 'POST' });
    return new Response(currentTraceId());
  });
  const res = await handler(new Request('http://fn.test/', { headers: { traceparent: GIVEN } }));
  assert.equal(await res.text(), '0af7651916cd43dd8448eb211c80319c');
  assert.equal(sent.length, 2);
  for (const tp of sent) assert.equal(traceIdOf(tp), '0af7651916cd43dd8448eb211c80319c');
  assert.notEqual(sent[0], sent[1], 'each call is its own span');
  assert.notEqual(sent[0], GIVEN, "never the caller's span");
});

Deno.test('a request without a valid traceparent starts a new trace; concurrent requests keep theirs apart', async () => {
  const handler = traced(async (req) => {
    await new Promise((r) => setTimeout(r, Number(new URL(req.url).searchParams.get('wait'))));
    return new Response(currentTraceId());
  });
  const [a, b, fresh] = await Promise.all([
    handler(new Request('http://fn.test/?wait=20', { headers: { traceparent: GIVEN } })),
    handler(new Request('http://fn.test/?wait=0', { headers: { traceparent: childTraceparent('4bf92f3577b34da6a3ce929d0e0e4736') } })),
    handler(new Request('http://fn.test/?wait=0', { headers: { traceparent: 'garbage' } })),
  ]);
  assert.equal(await a.text(), '0af7651916cd43dd8448eb211c80319c');
  assert.equal(await b.text(), '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.match(await fresh.text(), /^[0-9a-f]{32}$/);
  assert.equal(currentTraceId(), null, 'outside a request there is no trace');
});
