// The harness turns each runner's output into counts; a wrong count would hide failures.
import { describe, expect, it } from 'vitest';
import { parseDenoTest, parsePgProve } from '../src/testRunner.ts';

describe('parsePgProve', () => {
  it('counts passing assertions', () => {
    const out = 'supabase/tests/a.test.sql .. \nok 1 - one\nok 2 - two\nok\nAll tests successful.\nResult: PASS\n';
    expect(parsePgProve(out, 0)).toMatchObject({ passed: 2, failed: 0 });
  });

  it('counts failing assertions but not TODO ones', () => {
    const out = 'ok 1 - a\nnot ok 2 - b\n# Failed test 2\nnot ok 3 - c # TODO later\nResult: FAIL\n';
    expect(parsePgProve(out, 1)).toMatchObject({ passed: 1, failed: 1 });
  });

  it('counts a file that died before its plan as a failure', () => {
    const out = [
      'supabase/tests/a.test.sql .. ', 'ok 1 - a', 'psql:supabase/tests/a.test.sql:9: ERROR:  boom',
      '# Looks like your test exited with 3 just after 1.', 'Dubious, test returned 3',
      'Test Summary Report', '-------------------',
      'supabase/tests/a.test.sql            (Wstat: 768 (exited 3) Tests: 1 Failed: 0)', '  Parse errors: Bad plan.  You planned 5 tests but ran 1.',
      'Result: FAIL',
    ].join('\n');
    expect(parsePgProve(out, 1)).toMatchObject({ passed: 1, failed: 1 });
  });

  it('never reports success for a non-zero exit it cannot explain', () => {
    expect(parsePgProve('could not connect to server', 2)).toMatchObject({ passed: 0, failed: 1 });
  });
});

describe('parseDenoTest', () => {
  it('reads the closing line', () => {
    expect(parseDenoTest('running 3 tests\nok | 3 passed | 0 failed (20ms)\n', 0)).toMatchObject({ passed: 3, failed: 0 });
    expect(parseDenoTest('FAILED | 2 passed (4 steps) | 1 failed (1s)\n', 1)).toMatchObject({ passed: 2, failed: 1 });
  });

  it('treats a crash without a summary as a failure', () => {
    expect(parseDenoTest('error: Module not found', 1)).toMatchObject({ passed: 0, failed: 1 });
  });
});
