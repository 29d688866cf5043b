// `npm run bench [name]`: each bench/<name>.bench.ts against a fresh, migrated throw-away cluster.
// A bench returns figures and ratios against a baseline measured in the same run; the runner
// writes bench/results/<name>.json and prints it. Timings never fail a build, but a bench that
// throws does: the run goes on with the next bench and exits non-zero at the end.
// `--smoke` (what `npm test`'s bench layer runs): BENCH_SMOKE=1, so each bench picks its tiny
// smoke sizes (bench/size.ts), results are not written, and a report says which benches ran.
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
export interface BenchRun { name: string; ok: boolean; seconds: number; error?: string }

const benchDir = path.join(projectDir, 'bench');

export function benchNames(dir = benchDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
}

/** What a bench must return: figures, ratios and goals objects (a smoke run checks the shape, never the values). */
export function checkOutcome(name: string, outcome: unknown): BenchOutcome {
  const o = outcome as Partial<BenchOutcome> | null;
  for (const key of ['figures', 'ratios', 'goals'] as const) {
    if (!o || typeof o[key] !== 'object' || o[key] === null) throw new Error(`bench ${name} returned no ${key} object`);
  }
  return o as BenchOutcome;
}

export async function runBenchmarks(selected: string[], opts: { smoke?: boolean; report?: string } = {}): Promise<BenchRun[]> {
  const all = benchNames();
  const unknown = selected.filter((n) => !all.includes(n));
  if (unknown.length) throw new DevstackError(`unknown benchmark: ${unknown.join(', ')}`, `available: ${all.join(', ')}`);
  const names = selected.length ? selected : all;
  // Set before any bench module loads: bench/size.ts reads it when a bench is imported.
  if (opts.smoke) process.env.BENCH_SMOKE = '1';
  await doctor({ quiet: true });
  const cfg = testConfig('bench');
  fs.mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  const runs: BenchRun[] = [];
  try {
    for (const name of names) {
      const started = Date.now();
      console.log(`\n── bench ${name}${opts.smoke ? ' (smoke size)' : ''} ──`);
      try {
        // Each bench gets a fresh database so one's leftovers never slow another.
        await freshDatabase(cfg);
        const mod = (await import(pathToFileURL(path.join(benchDir, `${name}.bench.ts`)).href)) as { default: BenchFn };
        const outcome = checkOutcome(name, await mod.default({ url: dbUrl(cfg) }));
        if (!opts.smoke) {
          const result = {
            bench: name,
            machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
            at: new Date().toISOString(),
            ...outcome,
          };
          fs.writeFileSync(path.join(benchDir, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
        }
        console.log(JSON.stringify({ figures: outcome.figures, ratios: outcome.ratios, goals: outcome.goals }, null, 2));
        runs.push({ name, ok: true, seconds: Math.round((Date.now() - started) / 1000) });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        console.error(`  bench ${name} failed: ${error}`);
        runs.push({ name, ok: false, seconds: Math.round((Date.now() - started) / 1000), error });
      }
    }
  } finally {
    await destroyCluster(cfg);
    if (opts.report) fs.writeFileSync(opts.report, JSON.stringify(runs, null, 2) + '\n');
  }
  console.log('\n── benches ──');
  for (const r of runs) console.log(`  ${r.name.padEnd(14)} ${r.ok ? 'ok' : 'FAILED'} (${r.seconds} s)${r.error ? ` ${r.error}` : ''}`);
  return runs;
}
