// npm test's verdicts: a layer that cannot run, or runs nothing, is a failure, never "0 passed, 0 failed".
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eBlocker, layerVerdict, parseBenchReport, parseDenoTest, parsePgProve, vitestFailures } from '../src/testRunner.ts';
import { checkOutcome } from '../src/benchRunner.ts';

const projectDir = path.resolve(__dirname, '..', '..');

describe('layerVerdict', () => {
  it('fails a layer that ran no test', () => {
    expect(layerVerdict({ layer: 'vitest', passed: 0, failed: 0 })).toEqual({ layer: 'vitest', passed: 0, failed: 1, note: 'ran no test' });
    expect(layerVerdict({ layer: 'e2e', passed: 0, failed: 0, note: 'cannot run' })).toMatchObject({ failed: 1, note: 'cannot run' });
  });

  it('leaves a layer with no test files, and a layer that ran tests, as they are', () => {
    expect(layerVerdict({ layer: 'deno', passed: 0, failed: 0, note: 'no test files' })).toEqual({ layer: 'deno', passed: 0, failed: 0, note: 'no test files' });
    expect(layerVerdict({ layer: 'pgtap', passed: 12, failed: 0 })).toEqual({ layer: 'pgtap', passed: 12, failed: 0 });
    expect(layerVerdict({ layer: 'pgtap', passed: 0, failed: 2 })).toEqual({ layer: 'pgtap', passed: 0, failed: 2 });
  });
});

describe('e2eBlocker', () => {
  it('is a failure when there are e2e tests but no console to run them against (vite missing)', () => {
    const r = e2eBlocker(['admin/e2e/billing.e2e.test.ts'], false);
    expect(r).toMatchObject({ layer: 'e2e', passed: 0, failed: 1 });
    expect(r!.note).toMatch(/cannot run/);
    expect(layerVerdict(r!).failed).toBe(1);
  });

  it('lets the layer run when the console is there, and passes when there is nothing to run', () => {
    expect(e2eBlocker(['admin/e2e/billing.e2e.test.ts'], true)).toBeNull();
    expect(layerVerdict(e2eBlocker([], false)!)).toMatchObject({ passed: 0, failed: 0, note: 'no test files' });
  });
});

describe('the bench smoke layer', () => {
  it('counts one test per bench; a missing report or a failing exit is a failure', () => {
    expect(parseBenchReport([{ name: 'a', ok: true }, { name: 'b', ok: false }], 1)).toEqual({ passed: 1, failed: 1, failures: ['bench b'] });
    expect(parseBenchReport([{ name: 'c', ok: false, error: 'terminating connection\nat x' }], 1).failures).toEqual(['bench c: terminating connection']);
    expect(parseBenchReport([{ name: 'a', ok: true }], 0)).toEqual({ passed: 1, failed: 0, failures: [] });
    expect(parseBenchReport(null, 1)).toEqual({ passed: 0, failed: 1, failures: [] });
    expect(parseBenchReport([{ name: 'a', ok: true }], 1)).toEqual({ passed: 1, failed: 1, failures: [] });
  });

  it('refuses a bench that returns no figures, ratios or goals', () => {
    expect(() => checkOutcome('x', undefined)).toThrow(/no figures/);
    expect(() => checkOutcome('x', { figures: {}, ratios: {} })).toThrow(/no goals/);
    expect(checkOutcome('x', { figures: { n: 1 }, ratios: {}, goals: {} })).toEqual({ figures: { n: 1 }, ratios: {}, goals: {} });
  });

  it('the CLI refuses unknown bench options and names before touching a cluster', async () => {
    // asynchronous: a blocking spawnSync starves the vitest worker's RPC on a loaded machine
    const run = (args: string[]) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(projectDir, 'devstack', 'bin', 'devstack.mjs'), 'bench', ...args],
        { cwd: projectDir, encoding: 'utf8', timeout: 60_000 },
        (err, _stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr }));
    });
    const option = await run(['--fast']);
    expect(option.status).toBe(1);
    expect(option.stderr).toContain('unknown option for bench: --fast');
    const name = await run(['--smoke', 'no-such-bench']);
    expect(name.status).toBe(1);
    expect(name.stderr).toContain('unknown benchmark: no-such-bench');
  });
});

// The summary is the tail of a CI log: it must name what failed, not only count it.
describe('the summary names the failed tests', () => {
  it('pgTAP: each "not ok" with its file, and a file that died', () => {
    const out = [
      'supabase/tests/a/one.test.sql .. ', 'ok 1 - fine', 'not ok 2 - refuses a stranger', '#   Failed test 2',
      'supabase/tests/b/two.test.sql .. ', 'ok 1 - fine', 'not ok 2 - known gap # TODO later',
      'Test Summary Report', 'supabase/tests/b/two.test.sql (Wstat: 768 (exited 3) Tests: 1 Failed: 0)',
    ].join('\n');
    expect(parsePgProve(out, 1)).toEqual({
      passed: 2, failed: 2,
      failures: ['supabase/tests/a/one.test.sql not ok 2 - refuses a stranger', 'supabase/tests/b/two.test.sql died or broke its plan'],
    });
  });

  it('deno: the names in its FAILURES section', () => {
    const out = ' ERRORS \n\nit fails => ./x_test.ts:2:6\nerror: AssertionError\n\n FAILURES \n\nit fails => ./x_test.ts:2:6\n\nFAILED | 1 passed | 1 failed (8ms)\n';
    expect(parseDenoTest(out, 1)).toEqual({ passed: 1, failed: 1, failures: ['it fails => ./x_test.ts:2:6'] });
    expect(parseDenoTest('ok | 3 passed | 0 failed (1s)', 0)).toEqual({ passed: 3, failed: 0, failures: [] });
  });

  it('vitest: the failed test with the first line of its message, and a suite that failed to load', () => {
    const report = { testResults: [
      { name: path.join(projectDir, 'admin/e2e/a.e2e.test.ts'), status: 'failed', assertionResults: [
        { status: 'passed', fullName: 'works' },
        { status: 'failed', fullName: 'tenants › opens a tab', failureMessages: ['TimeoutError: waiting for locator\n    at x'] },
      ] },
      { name: path.join(projectDir, 'admin/e2e/b.e2e.test.ts'), status: 'failed', message: 'SyntaxError: nope\nmore', assertionResults: [] },
    ] };
    expect(vitestFailures(report)).toEqual([
      'admin/e2e/a.e2e.test.ts › tenants › opens a tab: TimeoutError: waiting for locator',
      'admin/e2e/b.e2e.test.ts: SyntaxError: nope',
    ]);
  });
});
