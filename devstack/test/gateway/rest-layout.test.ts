// The REST gateway's layout (issue 14 §4): PostgREST's stages as modules with no import circles,
// PostgREST error codes only in rest/errors.ts, and no parsing in the response stage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/gateway');
const restDir = path.join(gatewayDir, 'rest');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

interface Import { target: string; typeOnly: boolean }

/** Relative imports and re-exports of a file (type-only ones too: a circle of types is still a circle). */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms)) {
    if (!m[4].startsWith('.')) continue;
    found.push({ target: path.resolve(path.dirname(file), m[4]), typeOnly: !!m[2] });
  }
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) {
    if (m[1].startsWith('.')) found.push({ target: path.resolve(path.dirname(file), m[1]), typeOnly: false });
  }
  return found;
}

/** Every import circle among `files`, each as the list of files it passes through. */
function importCircles(files: string[]): string[][] {
  const inside = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).map((i) => i.target).filter((t) => inside.has(t))]));
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      if (state.get(next) === 'open') circles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return circles;
}

const rel = (f: string) => path.relative(restDir, f);

describe('the REST gateway layout', () => {
  const files = tsFiles(restDir);

  it('has the stages as folders: request, plan, query, response', () => {
    for (const stage of ['request', 'plan', 'query', 'response']) {
      expect(fs.statSync(path.join(restDir, stage)).isDirectory()).toBe(true);
    }
    expect(fs.existsSync(path.join(restDir, 'request', 'api-request.ts'))).toBe(true);
    for (const plan of ['read', 'mutate', 'call']) expect(fs.existsSync(path.join(restDir, 'plan', `${plan}.ts`))).toBe(true);
  });

  it('has no import circles', () => {
    expect(importCircles(files).map((c) => c.map(rel).join(' → '))).toEqual([]);
  });

  it('finds a circle when there is one (the check can fail)', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'rest-layout-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = 1;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import type { c } from './c.ts';\nexport const b = 2;\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "export { a } from './a.ts';\n");
      expect(importCircles(tsFiles(dir)).map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names PostgREST error codes only in rest/errors.ts, and builds ApiErrors only there', () => {
    const offenders = tsFiles(gatewayDir).filter((f) => f !== path.join(restDir, 'errors.ts')).flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return [...text.matchAll(/['"`]PGRST\d{3}['"`]|new ApiError\(/g)].map((m) => `${path.relative(gatewayDir, f)}: ${m[0]}`);
    });
    expect(offenders).toEqual([]);
  });

  it('parses requests in request/ only: the response stage imports nothing but types from it', () => {
    const offenders = tsFiles(path.join(restDir, 'response')).flatMap((f) =>
      importsOf(f).filter((i) => i.target.startsWith(path.join(restDir, 'request') + path.sep) && !i.typeOnly).map((i) => `${rel(f)} → ${rel(i.target)}`));
    expect(offenders).toEqual([]);
  });
});
