// The error catalogue's generated files (console titles, known codes, docs tables) match the catalogue
// of the migrated database: run `npx devstack gen-errors` when this fails.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectDir } from '../src/config.ts';
import { readCatalogue, staleFiles } from '../src/errors-catalogue/index.ts';
import { type ErrorCode, capabilityOf, fillMarkers, planFiles, renderErrorsJson } from '../src/errors-catalogue/render.ts';
import { testDbUrl } from './db.ts';

const row = (code: string, title_en = 'Title', title_ar = 'عنوان'): ErrorCode =>
  ({ code, sqlstate: 'PT404', http_status: 404, title_en, title_ar, hint_en: 'a | hint', hint_ar: null });

describe('error catalogue rendering', () => {
  test('titles replace errors.codes only; other keys stay', () => {
    const out = JSON.parse(renderErrorsJson('{"unknown":"Oops","codes":{"old_code":"gone"},"sqlstate":{"23505":"dup"}}',
      [row('tenant.not_found', 'No such tenant', 'لا يوجد مستأجر')], 'ar'));
    expect(out).toEqual({ unknown: 'Oops', codes: { tenant_not_found: 'لا يوجد مستأجر' }, sqlstate: { 23505: 'dup' } });
  });

  test('a capability page with markers gets its table there; without them docs/errors.md holds it', () => {
    const page = '# Tenants\n\n## Errors\n<!-- errors:tenants:start -->\nold\n<!-- errors:tenants:end -->\nafter\n';
    const files = planFiles([row('tenant.not_found'), row('jobs.no_handler')],
      (p) => (p === 'docs/tenants.md' ? page : p.endsWith('.json') ? '{}' : null));
    const tenants = files.find((f) => f.path === 'docs/tenants.md')!.content;
    expect(tenants).toContain('| `tenant.not_found` | PT404 → 404 | Title | عنوان | a \\| hint |');
    expect(tenants).not.toContain('old');
    expect(tenants.endsWith('<!-- errors:tenants:end -->\nafter\n')).toBe(true);
    const index = files.find((f) => f.path === 'docs/errors.md')!.content;
    expect(index).toContain('see [tenants](tenants.md#error-codes)');
    expect(index).toContain('`jobs.no_handler`');
    expect(fillMarkers('no markers', 'jobs', 'x')).toBeNull();
  });

  test('code prefixes map to their capability', () => {
    expect(['tenant.x', 'entitlements.x', 'order.x', 'orders.x', 'input.x', 'billing.x'].map(capabilityOf))
      .toEqual(['tenants', 'plans', 'orders', 'orders', 'foundation', 'billing']);
  });
});

describe('generated error files', () => {
  test('are up to date with private.error_codes (else run npx devstack gen-errors)', async () => {
    const rows = await readCatalogue(testDbUrl());
    expect(rows.length).toBeGreaterThan(200);
    expect(staleFiles(rows).map((f) => f.path)).toEqual([]);
  });
});

describe('Edge Function error codes', () => {
  test('every `detail` code an Edge Function answers with is in the catalogue', async () => {
    const dir = path.join(projectDir, 'supabase', 'functions');
    const codes = new Set<string>();
    for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.ts') || e.name.endsWith('.test.ts')) continue;
      const text = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
      for (const m of text.matchAll(/detail: '([a-z]+\.[a-z0-9_]+)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(0);
    const catalogued = new Set((await readCatalogue(testDbUrl())).map((r) => r.code));
    expect([...codes].filter((c) => !catalogued.has(c))).toEqual([]);
  });
});
