// pgTAP files live in one folder per capability (supabase/tests/<capability>/<rule>.test.sql):
// the runner must find them at any depth, or whole capabilities would silently stop being tested.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgTapFiles } from '../src/testRunner.ts';

describe('pgTAP discovery', () => {
  it('finds test files in nested folders, sorted, and nothing else', () => {
    const root = fs.mkdtempSync('/tmp/pgtap-discovery-');
    const tests = path.join(root, 'supabase', 'tests');
    fs.mkdirSync(path.join(tests, 'billing', 'deep'), { recursive: true });
    for (const f of ['top.test.sql', 'billing/invoicing.test.sql', 'billing/deep/rule.test.sql', 'billing/notes.md', 'billing/helper.sql']) {
      fs.writeFileSync(path.join(tests, f), '');
    }
    expect(pgTapFiles(root).map((f) => path.relative(tests, f)))
      .toEqual(['billing/deep/rule.test.sql', 'billing/invoicing.test.sql', 'top.test.sql']);
  });

  it("finds every one of the project's pgTAP files", () => {
    const root = path.resolve(new URL('../..', import.meta.url).pathname);
    const files = pgTapFiles(root).map((f) => path.relative(root, f));
    expect(files).toContain('supabase/tests/house/oracles.test.sql');
    expect(files.filter((f) => f.split('/').length === 3)).toEqual([]); // none left outside a capability folder
  });
});
