// run(): a child that exits before reading its input (psql stopping at the first error of a long
// generated migration) must give its exit code, not crash devstack with an EPIPE.
import { describe, expect, it } from 'vitest';
import { run } from '../src/shell.ts';

describe('run', () => {
  it('answers the exit code of a child that never reads its (large) input', async () => {
    const res = await run('sh', ['-c', 'echo stopped >&2; exit 3'], { input: 'x'.repeat(8 * 1024 * 1024) });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('stopped');
  });

  it('passes the input to a child that reads it', async () => {
    const res = await run('wc', ['-c'], { input: 'hello' });
    expect(res.stdout.trim()).toBe('5');
  });
});
