// The audit chain's head sink (/devstack/v1/audit-heads): the database publishes its head through
// pg_net; only the service key may post; the latest head is the highest seq, first hash kept.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_SERVICE_ROLE_KEY, raw, startTestGateway, withDb } from './helpers.ts';

let gw: { url: string; close(): Promise<void> };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-heads-'));
const file = path.join(dir, 'audit-heads.jsonl');
const hash = (c: string) => c.repeat(64);

beforeAll(async () => { gw = await startTestGateway({ netWorker: true, auditHeadsFile: file }); }, 180_000);
afterAll(async () => { await gw?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

const post = (body: unknown, key = DEMO_SERVICE_ROLE_KEY) => raw(`${gw.url}/devstack/v1/audit-heads`, {
  method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});

describe('audit head sink', () => {
  it('refuses heads without the service key, and malformed heads', async () => {
    expect((await post({ seq: 1, hash: hash('a') }, 'not-the-key')).status).toBe(401);
    expect((await post({ seq: 0, hash: hash('a') })).status).toBe(400);
    expect((await post({ seq: 1, hash: 'xyz' })).status).toBe(400);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps the highest seq, and the first hash sent for it', async () => {
    expect((await post({ seq: 10, hash: hash('a') })).status).toBe(201);
    expect((await post({ seq: 10, hash: hash('b') })).status).toBe(201);
    expect((await post({ seq: 4, hash: hash('c') })).status).toBe(201);
    const latest = await raw(`${gw.url}/devstack/v1/audit-heads/latest`);
    expect(latest.status).toBe(200);
    expect(latest.json).toMatchObject({ seq: 10, hash: hash('a') });
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('receives the head the database publishes through pg_net', async () => {
    const published = await withDb(async (db) => {
      const { rows: [old] } = await db.query(`select decrypted_secret as url from vault.decrypted_secrets where name = 'audit_head_sink_url'`);
      await db.query(`select case when exists (select from vault.secrets where name = 'audit_head_sink_url')
                        then (select vault.update_secret(id, $1) from vault.secrets where name = 'audit_head_sink_url')::text
                        else vault.create_secret($1, 'audit_head_sink_url')::text end`, [`${gw.url}/devstack/v1/audit-heads`]);
      try {
        await db.query(`select audit.record('sink.probe', 'probe', '1')`);
        return (await db.query(`select audit.publish_head() as head`)).rows[0].head;
      } finally {
        if (old?.url) await db.query(`select vault.update_secret(id, $1) from vault.secrets where name = 'audit_head_sink_url'`, [old.url]);
      }
    });
    // the pg_net worker posts the head to the sink: wait for the file to hold it
    await vi.waitFor(() => expect(fs.readFileSync(file, 'utf8')).toContain(published.hash), { timeout: 20_000, interval: 200 });
    const line = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((h) => h.hash === published.hash);
    expect(line).toMatchObject({ seq: published.seq, hash: published.hash, log_id: published.log_id });
  });
});

