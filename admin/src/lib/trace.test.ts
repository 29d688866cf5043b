import { describe, expect, it } from 'vitest';
import { newTraceparent, traceIdOf, tracedFetch } from './trace';

const W3C = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe('traceparent', () => {
  it('is a W3C version-00 header with a fresh trace each time', () => {
    const a = newTraceparent();
    const b = newTraceparent();
    expect(a).toMatch(W3C);
    expect(traceIdOf(a)).not.toBe(traceIdOf(b));
  });

  it('never has an all-zero trace-id or span-id (both are invalid)', () => {
    const zeros = newTraceparent((bytes) => bytes);
    expect(zeros).toMatch(W3C);
    expect(traceIdOf(zeros)).not.toMatch(/^0+$/);
    expect(zeros.split('-')[2]).not.toMatch(/^0+$/);
  });

  it('is added to a request that has none, and a given one is kept', async () => {
    const seen: Headers[] = [];
    const f = tracedFetch(async (_input, init) => { seen.push(new Headers(init?.headers)); return new Response('{}'); });
    await f('http://api.test/rest/v1/rpc/x', { method: 'POST', headers: { apikey: 'k' } });
    await f('http://api.test/rest/v1/rpc/x', { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    expect(seen[0].get('traceparent')).toMatch(W3C);
    expect(seen[0].get('apikey')).toBe('k');
    expect(seen[1].get('traceparent')).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });
});
