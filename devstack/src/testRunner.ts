// `npm test`: every test layer against a throw-away, freshly migrated cluster, ending with one
// summary line "N passed, N failed" that sums all layers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type StackConfig, dbUrl, projectDir, testConfig } from './config.ts';
import { destroyCluster } from './cluster.ts';
import { devstackSecrets, loadTestHelpers } from './database.ts';
import { consoleAvailable, startApiGateway, startConsole } from './services.ts';
import { doctor } from './doctor.ts';
import { freshDatabase } from './stack.ts';
import { localBin, run, runInherit } from './shell.ts';
import { benchNames } from './benchRunner.ts';
import { driftLayer } from './schema/drift.ts';
import { schemaFiles } from './schema/files.ts';

/** `failures` names what failed, so the summary (the last lines a CI log shows) says which test to look at. */
export interface LayerResult { layer: string; passed: number; failed: number; note?: string; failures?: string[] }

export const LAYERS = ['schema', 'pgtap', 'vitest', 'console', 'deno', 'e2e', 'bench'] as const;
const LAYER_TIMEOUT_MS = 25 * 60 * 1000;
type Layer = (typeof LAYERS)[number];
const NO_FILES = 'no test files';
const MAX_NAMED_FAILURES = 15;

/**
 * A layer's final verdict. A layer that has tests but ran none (a missing tool, a runner that
 * found nothing) is a failure: "0 passed, 0 failed" would read as green.
 */
export function layerVerdict(r: LayerResult): LayerResult {
  if (r.passed + r.failed > 0 || r.note === NO_FILES) return r;
  return { ...r, failed: 1, note: r.note ?? 'ran no test' };
}

/** Why the e2e layer cannot run (null when it can): it has test files but no console to drive. */
export function e2eBlocker(files: string[], consoleOk: boolean): LayerResult | null {
  if (!files.length) return { layer: 'e2e', passed: 0, failed: 0, note: NO_FILES };
  if (!consoleOk) return { layer: 'e2e', passed: 0, failed: 1, note: 'cannot run: the console (admin/, vite) is not installed; run npm install' };
  return null;
}

/** Reads `devstack bench --smoke --report` output: one test per bench, a missing report is a failure. */
export function parseBenchReport(report: unknown, exitCode: number): { passed: number; failed: number; failures: string[] } {
  if (!Array.isArray(report)) return { passed: 0, failed: 1, failures: [] };
  const passed = report.filter((r) => r?.ok === true).length;
  const failures = report.filter((r) => r?.ok !== true).map((r) => `bench ${r?.name ?? '(unnamed)'}${r?.error ? `: ${firstLine(String(r.error))}` : ''}`);
  return { passed, failed: failures.length + (exitCode !== 0 && failures.length === 0 ? 1 : 0), failures };
}

/** Counts pgTAP assertions from `pg_prove --verbose`; a file that dies or misses its plan counts as one failure. */
export function parsePgProve(output: string, exitCode: number): { passed: number; failed: number; failures: string[] } {
  const lines = output.split('\n');
  const passed = lines.filter((l) => /^\s*ok \d+/.test(l)).length;
  const failures: string[] = [];
  let file = '';
  for (const line of lines) {
    const header = /^(\S+\.sql) \.\./.exec(line);
    if (header) file = header[1];
    else if (/^\s*not ok \d+/.test(line) && !/#\s*TODO/i.test(line)) failures.push(`${file} ${line.trim()}`);
  }
  // Files in the summary report with no failed assertion died early or broke their plan.
  const summary = output.split('Test Summary Report')[1] ?? '';
  const brokenFiles = [...summary.matchAll(/^(\S+\.sql)\s+\(Wstat: .*?Tests: \d+ Failed: (\d+)\)/gm)].filter((m) => m[2] === '0').map((m) => `${m[1]} died or broke its plan`);
  const unexplained = exitCode !== 0 && failures.length === 0 && brokenFiles.length === 0 ? 1 : 0;
  return { passed, failed: failures.length + brokenFiles.length + unexplained, failures: [...failures, ...brokenFiles] };
}

/**
 * Reads deno test's closing line: "ok | 3 passed | 0 failed" or "FAILED | 2 passed | 1 failed",
 * and the names its FAILURES section lists ("name => ./file_test.ts:12:6").
 */
export function parseDenoTest(output: string, exitCode: number): { passed: number; failed: number; failures: string[] } {
  const section = output.split(/^\s*FAILURES\s*$/m)[1] ?? '';
  const failures = [...section.matchAll(/^(.+ => \S+:\d+:\d+)\s*$/gm)].map((m) => m[1].trim());
  const m = [...output.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].pop();
  if (!m) return { passed: 0, failed: exitCode === 0 ? 0 : 1, failures };
  return { passed: Number(m[1]), failed: Number(m[2]) + (exitCode !== 0 && Number(m[2]) === 0 ? 1 : 0), failures };
}

/** The failed tests (and the suites that failed before any test ran) in a vitest JSON report. */
export function vitestFailures(report: { testResults?: { name: string; status: string; message?: string; assertionResults: { status: string; fullName: string; failureMessages?: string[] }[] }[] }): string[] {
  const out: string[] = [];
  for (const suite of report.testResults ?? []) {
    const file = path.relative(projectDir, suite.name);
    for (const t of suite.assertionResults) {
      if (t.status !== 'failed') continue;
      out.push(`${file} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    }
    if (suite.status === 'failed' && suite.assertionResults.length === 0) out.push(`${file}: ${firstLine(suite.message)}`);
  }
  return out;
}

const firstLine = (text = '') => text.split('\n')[0].slice(0, 200);

function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .filter((f) => !f.includes('node_modules'))
    .sort();
}

/** Every pgTAP file, in folders per capability at any depth (`supabase/tests/<capability>/<rule>.test.sql`), sorted. */
export function pgTapFiles(root = projectDir): string[] {
  return filesUnder(path.join(root, 'supabase', 'tests'), /\.test\.sql$/);
}

async function runPgTap(cfg: StackConfig): Promise<LayerResult> {
  const files = pgTapFiles();
  if (!files.length) return { layer: 'pgtap', passed: 0, failed: 0, note: NO_FILES };
  const res = await run('pg_prove', ['--verbose', '--failures', '-h', '127.0.0.1', '-p', String(cfg.dbPort), '-U', 'postgres', '-d', 'postgres', ...files.map((f) => path.relative(projectDir, f))], {
    cwd: projectDir,
    // No statement in a test may wait longer than this (a lock wait between dblink sessions
    // would otherwise hang the run); and the whole layer has a hard limit.
    env: { ...process.env, PGPASSWORD: 'postgres', PGOPTIONS: '-c statement_timeout=180s' },
    timeoutMs: LAYER_TIMEOUT_MS,
  });
  const output = res.stdout + res.stderr;
  fs.writeFileSync(path.join(cfg.dir, 'pgtap.log'), output);
  // Show only what matters: failures and the per-file verdicts.
  for (const line of output.split('\n')) {
    if (/^(\S+\.sql) \.\./.test(line) || /not ok/.test(line) || /^#/.test(line.trim()) || /Result:|Files=|Failed|Dubious|Parse errors/.test(line)) console.log(`  ${line}`);
  }
  return { layer: 'pgtap', ...parsePgProve(output, res.code) };
}

/** Runs one vitest project and reads its JSON report. */
async function vitestLayer(cfg: StackConfig, layer: string, config: string, files: string[], env: Record<string, string>): Promise<LayerResult> {
  if (!files.length) return { layer, passed: 0, failed: 0, note: NO_FILES };
  const report = path.join(cfg.dir, `${layer}.json`);
  fs.rmSync(report, { force: true });
  const code = await runInherit(localBin('vitest'), ['run', '--config', path.join(projectDir, config), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: path.dirname(path.join(projectDir, config)),
    env: { ...process.env, DEVSTACK_DB_URL: dbUrl(cfg), ...env },
    timeoutMs: LAYER_TIMEOUT_MS,
  });
  if (!fs.existsSync(report)) return { layer, passed: 0, failed: 1, note: `vitest exited ${code} without a report` };
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const failedSuites = (json.testResults ?? []).filter((r: { status: string; assertionResults: unknown[] }) => r.status === 'failed' && r.assertionResults.length === 0).length;
  const failed = json.numFailedTests + failedSuites;
  return { layer, passed: json.numPassedTests, failed: failed + (code !== 0 && failed === 0 ? 1 : 0), failures: vitestFailures(json) };
}

const runVitest = (cfg: StackConfig) =>
  vitestLayer(cfg, 'vitest', 'devstack/vitest.config.ts', filesUnder(path.join(projectDir, 'devstack', 'test'), /\.test\.ts$/), {});

const runConsoleUnits = (cfg: StackConfig) =>
  vitestLayer(cfg, 'console', 'admin/vitest.config.ts', filesUnder(path.join(projectDir, 'admin', 'src'), /\.test\.tsx?$/)
    .concat(filesUnder(path.join(projectDir, 'admin', 'e2e'), /\.unit\.test\.ts$/)), {});

/** End to end: the gateway and a production build of the console on the test database, driven by Chromium. */
async function runE2e(cfg: StackConfig): Promise<LayerResult> {
  const files = filesUnder(path.join(projectDir, 'admin', 'e2e'), /\.e2e\.test\.ts$/);
  const blocked = e2eBlocker(files, consoleAvailable());
  if (blocked) return blocked;
  const gateway = await startApiGateway(cfg, 0);
  let consoleApp: Awaited<ReturnType<typeof startConsole>> = null;
  try {
    await devstackSecrets(cfg, gateway.url);
    consoleApp = await startConsole(gateway.url, cfg.consolePort, 'preview');
    return await vitestLayer(cfg, 'e2e', 'admin/vitest.e2e.config.ts', files,
      { E2E_BASE_URL: consoleApp!.url, E2E_API_URL: gateway.url, E2E_MAIL_URL: gateway.mailUrl });
  } finally {
    await consoleApp?.close();
    await gateway.close();
  }
}

/**
 * Edge Function tests: the gateway (REST, Auth, Functions, the pg_net worker and the simulated
 * payment gateways) on a free port against the test database, and `deno test` with what a
 * function's test needs to reach it.
 */
async function runDeno(cfg: StackConfig): Promise<LayerResult> {
  const files = filesUnder(path.join(projectDir, 'supabase', 'functions'), /_test\.ts$/);
  if (!files.length) return { layer: 'deno', passed: 0, failed: 0, note: NO_FILES };
  const { anonKey, serviceRoleKey } = await import('./keys.ts');
  const gateway = await startApiGateway(cfg, 0);
  try {
    await devstackSecrets(cfg, gateway.url);
    const config = path.join(projectDir, 'supabase', 'functions', 'deno.json');
    const res = await run(localBin('deno'), ['test', '--allow-all', '--no-prompt', ...(fs.existsSync(config) ? ['--config', config] : []), ...files], {
      cwd: projectDir,
      env: {
        ...process.env, SUPABASE_DB_URL: dbUrl(cfg), DENO_DIR: path.join(cfg.dir, 'deno'), NO_COLOR: '1',
        SUPABASE_URL: gateway.url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
        DEVSTACK_GATEWAY_URL: gateway.url, DEVSTACK_SIMULATOR_URL: `${gateway.url}/simulator`, DEVSTACK_MAIL_URL: gateway.mailUrl,
      },
      timeoutMs: LAYER_TIMEOUT_MS,
    });
    const output = res.stdout + res.stderr;
    process.stdout.write(output);
    return { layer: 'deno', ...parseDenoTest(output, res.code) };
  } finally {
    await gateway.close();
  }
}

/**
 * Every bench once at its smoke size (`devstack bench --smoke`, in its own process and on the bench
 * cluster): a bench that no longer runs fails the build; its timings are never looked at.
 */
async function runBenchSmoke(cfg: StackConfig): Promise<LayerResult> {
  if (!benchNames().length) return { layer: 'bench', passed: 0, failed: 0, note: NO_FILES };
  const report = path.join(cfg.dir, 'bench-smoke.json');
  fs.rmSync(report, { force: true });
  const code = await runInherit(process.execPath, [path.join(projectDir, 'devstack', 'bin', 'devstack.mjs'), 'bench', '--smoke', '--report', report], {
    cwd: projectDir, env: process.env, timeoutMs: LAYER_TIMEOUT_MS,
  });
  const parsed = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null;
  return { layer: 'bench', ...parseBenchReport(parsed, code), ...(parsed ? {} : { note: `devstack bench exited ${code} without a report` }) };
}

/** The drift check: schema files vs migrations, each on a throw-away cluster of its own (devstack/src/schema). */
const runSchema = async (cfg: StackConfig): Promise<LayerResult> => ({
  layer: 'schema',
  ...await driftLayer({ workdir: projectDir, scratchRoot: path.join(cfg.dir, 'drift'), hasSchemaFiles: schemaFiles(path.join(projectDir, 'supabase')).length > 0 }),
});

const RUNNERS: Record<Layer, (cfg: StackConfig) => Promise<LayerResult>> = {
  schema: runSchema, pgtap: runPgTap, vitest: runVitest, console: runConsoleUnits, deno: runDeno, e2e: runE2e, bench: runBenchSmoke,
};

export async function runTests({ only, keep }: { only?: Layer[]; keep?: boolean }): Promise<number> {
  const cfg = testConfig('test');
  const started = Date.now();
  console.log(`devstack test: ${os.cpus().length} cores; throw-away cluster in ${cfg.dir}, port ${cfg.dbPort}`);
  await doctor({ quiet: true });
  const results: LayerResult[] = [];
  try {
    await freshDatabase(cfg, (line) => console.log(`  ${line}`));
    await loadTestHelpers(cfg);
    for (const layer of only?.length ? only : LAYERS) {
      console.log(`\n── ${layer} ──`);
      try {
        results.push(layerVerdict(await RUNNERS[layer](cfg)));
      } catch (err) {
        console.error(`  ${layer} could not run: ${(err as Error).message}`);
        results.push({ layer, passed: 0, failed: 1, note: 'layer crashed' });
      }
    }
  } finally {
    if (!keep) await destroyCluster(cfg);
    else console.log(`\ncluster kept: ${dbUrl(cfg)}`);
  }
  console.log('\n── summary ──');
  for (const r of results) {
    console.log(`  ${r.layer.padEnd(8)} ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
    for (const name of (r.failures ?? []).slice(0, MAX_NAMED_FAILURES)) console.log(`    ✗ ${name}`);
    if ((r.failures?.length ?? 0) > MAX_NAMED_FAILURES) console.log(`    … and ${r.failures!.length - MAX_NAMED_FAILURES} more`);
  }
  console.log(`  took ${Math.round((Date.now() - started) / 1000)} s`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
