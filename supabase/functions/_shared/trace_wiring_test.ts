// Every Edge Function serves through traced(): without it the function's calls to SQL lose the
// caller's trace (the console's click, or the job that called it).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const functionsDir = fileURLToPath(new URL('..', import.meta.url));

Deno.test('every function entry point wraps its handler in traced()', () => {
  const entries = readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(`${functionsDir}/${d.name}/index.ts`))
    .map((d) => d.name);
  assert.ok(entries.length >= 4, `found the functions (${entries.join(', ')})`);
  const untraced = entries.filter((name) => !/Deno\.serve\(traced\(/.test(readFileSync(`${functionsDir}/${name}/index.ts`, 'utf8')));
  assert.deepEqual(untraced, []);
});
