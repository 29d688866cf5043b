import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { resources } from './index';
import { KNOWN_AUTH_CODES, KNOWN_DETAIL_CODES, detailKey } from '../lib/errors';
import { PERMISSION_MAP } from '../providers/access';
import { REGIONS, TENANT_STATUSES } from '../lib/schemas';
import { LIFECYCLE_FUNCTIONS } from '../lib/lifecycle';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const en = flatten(resources.en.translation as unknown as Tree);
const ar = flatten(resources.ar.translation as unknown as Tree);
const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return ['.ts', '.tsx'].includes(extname(p)) && !p.endsWith('.test.ts') && !p.endsWith('.test.tsx') ? [p] : [];
  });
}

describe('translations', () => {
  test('every English key exists in Arabic and vice versa', () => {
    expect([...en.keys()].filter((k) => !ar.has(k))).toEqual([]);
    expect([...ar.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  test('no empty strings, and the same {{variables}} in both languages', () => {
    for (const [k, v] of en) {
      expect(v.trim(), k).not.toBe('');
      expect(ar.get(k)!.trim(), k).not.toBe('');
      expect(vars(ar.get(k)!), k).toEqual(vars(v));
    }
  });

  test('Arabic strings are Arabic (apart from codes and names)', () => {
    const latinOnly = [...ar.entries()].filter(([k, v]) => !/[\u0600-\u06FF]/.test(v) && !/^(common\.languages\.en|tenants\.checklist\.progress)$/.test(k));
    expect(latinOnly).toEqual([]);
  });

  test('every literal key used in the source exists', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-z_]+(?:\.[A-Za-z0-9_-]+)+)'/g)) {
        if (!en.has(m[1])) missing.push(`${file.slice(root.length)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/(?:successKey|message): '([a-z_]+(?:\.[a-z_]+)+)'/g)) {
        if (!en.has(m[1])) missing.push(`${file.slice(root.length)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('dynamic keys are covered: statuses, regions, actions, errors, resources', () => {
    const need = [
      ...TENANT_STATUSES.map((s) => `tenants.status.${s}`),
      ...REGIONS.map((r) => `tenants.regions.${r}`),
      ...Object.keys(LIFECYCLE_FUNCTIONS).map((a) => `tenants.lifecycle.actions.${a}`),
      ...KNOWN_DETAIL_CODES.map(detailKey),
      ...KNOWN_AUTH_CODES.map((c) => `auth.errors.${c}`),
      ...Object.keys(PERMISSION_MAP).flatMap((r) => [`${r}.${r}`, `${r}.titles.list`]),
      ...['super_admin', 'tech_admin', 'biz_admin', 'support', 'auditor'].map((r) => `staff.roles.${r}`),
      ...['invited', 'active', 'disabled'].map((s) => `staff.status.${s}`),
      ...['pending', 'done', 'failed'].map((s) => `tenants.provisioning.status.${s}`),
    ];
    expect(need.filter((k) => !en.has(k))).toEqual([]);
  });
});
