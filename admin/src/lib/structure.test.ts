// Issue 15 §5: how the console's code is laid out, checked on its sources.
//  - SQL functions are called through the one mutation hook (useRpcMutation) or a query; the bare
//    rpc() helper only inside a read's queryFn, and supabase.rpc only in the provider.
//  - row types come from the generated schema types (types/rows.ts), never hand-written.
//  - a tenant's tabs live in pages/tenants/tabs/.
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';

const SRC = join(__dirname, '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  if (statSync(p).isDirectory()) return files(p);
  return ['.ts', '.tsx'].includes(extname(p)) && !/\.test\.tsx?$/.test(p) ? [p] : [];
});
const sources = files(SRC).map((p) => ({ p: p.slice(SRC.length + 1).split(sep).join('/'), s: readFileSync(p, 'utf8') }));
const lines = (pattern: RegExp, except: (p: string) => boolean) => sources.filter(({ p }) => !except(p))
  .flatMap(({ p, s }) => s.split('\n').map((l, i) => ({ at: `${p}:${i + 1}`, l })).filter(({ l }) => pattern.test(l)));

describe('console structure (issue 15 §5)', () => {
  test('supabase.rpc is called by the provider alone', () => {
    expect(lines(/\.rpc\(/, (p) => p === 'providers/supabase.ts').map((x) => x.at)).toEqual([]);
  });

  test('the rpc() helper is called by the RPC hooks, the auth providers and reads (queryFn) only: every change goes through useRpcMutation', () => {
    const calls = lines(/(^|[^.\w])rpc(<[^>]*>)?\(/, (p) => p === 'lib/useRpc.ts' || p.startsWith('providers/'))
      .filter(({ l }) => !/^\s*(\/\/|\*|\/\*\*)/.test(l));
    expect(calls.filter(({ l }) => !/queryFn:/.test(l)).map(({ at, l }) => `${at} ${l.trim()}`)).toEqual([]);
  });

  test('row types are the generated ones (types/rows.ts), not hand-written interfaces', () => {
    const handWritten = lines(/^\s*(export )?(interface|type) \w*Row\b(?!\s*=\s*\w+Row\b)/, (p) => p.startsWith('types/'));
    expect(handWritten.map(({ at, l }) => `${at} ${l.trim()}`)).toEqual([]);
    // the generated file is what rows.ts derives from
    expect(sources.find(({ p }) => p === 'types/rows.ts')!.s).toMatch(/from '\.\/database'/);
  });

  test("a tenant's tabs all live in pages/tenants/tabs/", () => {
    const show = sources.find(({ p }) => p === 'pages/tenants/show.tsx')!.s;
    const tabs = [...show.matchAll(/import \{ (\w+Tab) \} from '([^']+)'/g)].map((m) => [m[1], m[2]]);
    expect(tabs.length).toBeGreaterThanOrEqual(8);
    expect(tabs.filter(([, from]) => !from.startsWith('./tabs/'))).toEqual([]);
  });
});
