// `npm run bench [name]`: each bench/<name>.bench.ts against a fresh, migrated throw-away cluster.
// A bench returns figures and ratios against a baseline measured in the same run; the runner
// writes bench/results/<name>.json and prints it. Benchmarks never fail a build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DevstackError } from './errors.ts';
import { dbUrl, projectDir, testConfig } from './config.ts';
import { destroyCluster } from './cluster.ts';
import { doctor } from './doctor.ts';
import { freshDatabase } from './stack.ts';

export interface BenchOutcome { figures: Record<string, number>; ratios: Record<string, number>; goals: Record<string, unknown> }
type BenchFn = (db: { url: string }) => Promise<BenchOutcome>;

const benchDir = path.join(projectDir, 'bench');

export function benchNames(): string[] {
  return fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
}

export async function runBenchmarks(selected: string[]): Promise<void> {
  const all = benchNames();
  const unknown = selected.filter((n) => !all.includes(n));
  if (unknown.length) throw new DevstackError(`unknown benchmark: ${unknown.join(', ')}`, `available: ${all.join(', ')}`);
  const names = selected.length ? selected : all;
  await doctor({ quiet: true });
  const cfg = testConfig('bench');
  fs.mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  try {
    for (const name of names) {
      // Each bench gets a fresh database so one's leftovers never slow another.
      await freshDatabase(cfg);
      const mod = (await import(pathToFileURL(path.join(benchDir, `${name}.bench.ts`)).href)) as { default: BenchFn };
      console.log(`\n── bench ${name} ──`);
      const outcome = await mod.default({ url: dbUrl(cfg) });
      const result = {
        bench: name,
        machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
        at: new Date().toISOString(),
        ...outcome,
      };
      fs.writeFileSync(path.join(benchDir, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
      console.log(JSON.stringify({ figures: outcome.figures, ratios: outcome.ratios, goals: outcome.goals }, null, 2));
    }
  } finally {
    await destroyCluster(cfg);
  }
}
