// Bench sizes. `npm run bench` runs every bench at its full size; `npm test` runs each bench once at
// a tiny smoke size (BENCH_SMOKE=1, set by the bench runner's --smoke) only to prove it still runs.
// Figures from a smoke run mean nothing and are never written to bench/results. See docs/testing.md.
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** A size for a bench: `full` in `npm run bench`, `smoke` in `npm test`. */
export function size(full: number, smoke: number): number {
  return SMOKE ? smoke : full;
}
