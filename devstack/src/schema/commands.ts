// The CLI's schema commands: `devstack diff <name>` and `devstack drift`.
import path from 'node:path';
import { devConfig, projectDir } from '../config.ts';
import { DevstackError } from '../errors.ts';
import { describeDiff, diff } from './diff.ts';
import { driftCheck } from './drift.ts';

const scratchRoot = () => path.join(devConfig().dir, 'diff');
const log = (line: string) => console.log(`  ${line}`);

export async function diffCommand(args: string[]): Promise<number> {
  let name: string | undefined;
  let timestamp: string | undefined;
  let keep = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--keep') keep = true;
    else if (args[i] === '--timestamp') timestamp = args[++i];
    else if (!args[i].startsWith('-') && !name) name = args[i];
    else throw new DevstackError(`unexpected argument for diff: ${args[i]}`, 'usage: devstack diff <name> [--timestamp YYYYMMDDHHMMSS] [--keep]');
  }
  if (!name) throw new DevstackError('diff needs a migration name', 'usage: devstack diff <name> [--timestamp YYYYMMDDHHMMSS] [--keep]');
  console.log('devstack diff: migrations vs schema files, on two throw-away clusters');
  const result = await diff(name, { workdir: projectDir, scratchRoot: scratchRoot(), log, keep, timestamp });
  for (const line of describeDiff(result, projectDir)) console.log(line);
  return result.applyError || result.leftover.length ? 1 : 0;
}

export async function driftCommand(args: string[]): Promise<number> {
  if (args.length) throw new DevstackError(`unexpected argument for drift: ${args[0]}`, 'usage: devstack drift');
  const report = await driftCheck({ workdir: projectDir, scratchRoot: scratchRoot(), log });
  for (const line of report.lines) console.log(line);
  return [...report.byArea.values()].some((list) => list.length) ? 1 : 0;
}
