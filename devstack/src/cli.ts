// devstack: a Docker-free, Supabase-compatible local stack. `npx devstack help` lists commands.
import { DevstackError } from './errors.ts';
import { JWT_SECRET, devConfig, dbUrl } from './config.ts';
import { clusterExists, destroyCluster, initCluster, logFile, portIsFree, runningPid, startCluster, stopCluster } from './cluster.ts';
import { bootstrap, devstackSecrets, generateTypes, pushMigrations, seed } from './database.ts';
import { doctor } from './doctor.ts';
import { freshDatabase } from './stack.ts';
import { LAYERS, runTests } from './testRunner.ts';
import { runBenchmarks } from './benchRunner.ts';
import { diffCommand, driftCommand } from './schema/commands.ts';
import { anonKey, serviceRoleKey } from './keys.ts';
import { startApiGateway, startConsole, type Running } from './services.ts';

// The seeded demo staff (supabase/seed.sql): development only.
const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const DEMO_LOGIN = `
demo login    admin@cleanmatex.test / CleanMateX-demo-2026!   (super_admin; also tech@, biz@, support@, auditor@)
TOTP code     npx devstack totp      (demo secret ${DEMO_TOTP_SECRET}; or add it to an authenticator app)`;

const HELP = `devstack — Supabase-compatible local stack without Docker

usage: npx devstack <command> [options]

  doctor            check prerequisites; installs missing Debian packages when run as root
  up                create (first time), bootstrap, migrate and seed the cluster; start it
  serve             up, then the gateway (REST, Auth, Functions) and the mail catcher, without the console
  start             serve, plus the console; Ctrl-C stops everything
  down              stop the cluster (data kept)
  reset             destroy and rebuild the cluster from scratch (bootstrap, migrations, seed)
  status            URLs, ports and keys of the running stack
  push              apply new migrations with the Supabase CLI (supabase db push)
  seed              apply supabase/seed.sql and supabase/seeds/*.sql
  gen-types         write admin/src/types/database.ts (supabase gen types)
  diff <name> [--timestamp T] [--keep]   write supabase/migrations/<T>_<name>.sql from the schema files' change
  drift             check that the schema files (supabase/schemas) and the migrations agree
  totp [secret]     the current TOTP code for the demo staff (or for a base32 secret)
  test [--only L] [--keep]   run every test layer (${LAYERS.join(', ')}) on a throw-away cluster
  bench [--smoke] [name …]   run benchmarks (bench/*.bench.ts); writes bench/results/<name>.json
                    (--smoke: tiny sizes, nothing written: what npm test's bench layer runs)
  destroy           stop the cluster and delete its data
  help              this text

environment: DEVSTACK_DIR (default .devstack), DEVSTACK_DB_PORT (54322), DEVSTACK_API_PORT (54321), DEVSTACK_CONSOLE_PORT (3001),
             DEVSTACK_MAIL_PORT (54324, web inbox), DEVSTACK_SMTP_PORT (54325), DEVSTACK_TEST_DB_PORT (54329), DEVSTACK_BENCH_DB_PORT (54328), DEVSTACK_PG_BIN,
             DEVSTACK_DIFF_DB_PORT (diff/drift: this port and the next; default any free ports)`;

function printStatus() {
  const cfg = devConfig();
  const pid = runningPid(cfg);
  console.log(`database   ${pid ? `running (pid ${pid})` : clusterExists(cfg) ? 'stopped' : 'not created'}`);
  console.log(`  DB URL        ${dbUrl(cfg)}`);
  console.log(`  data          ${cfg.dir}/pgdata   log ${logFile(cfg)}`);
  console.log(`API URL       http://127.0.0.1:${cfg.apiPort}   (gateway: REST, Auth, Functions)`);
  console.log(`Inbox URL     http://127.0.0.1:${cfg.mailPort}   (mail catcher; SMTP on port ${cfg.smtpPort})`);
  console.log(`JWT secret    ${JWT_SECRET}`);
  console.log(`anon key      ${anonKey}`);
  console.log(`service_role key ${serviceRoleKey}`);
  return pid ? 0 : 3;
}

async function up() {
  const cfg = devConfig();
  await doctor({ quiet: true });
  if (!clusterExists(cfg)) {
    await freshDatabase(cfg, (line) => console.log(line));
  } else {
    await startCluster(cfg);
    await pushMigrations(cfg);
  }
}

async function assertPortsFree(ports: [number, string][]) {
  for (const [port, env] of ports) {
    if (!(await portIsFree(port))) throw new DevstackError(`port ${port} is already in use by another process`, `stop it, or choose another port with ${env}`);
  }
}

/** The gateway and mail catcher (and the console for `start`) until Ctrl-C; then everything stops. */
async function serve(withConsole: boolean): Promise<number> {
  const cfg = devConfig();
  const running: Running[] = [];
  try {
    const gateway = await startApiGateway(cfg, cfg.apiPort);
    running.push(gateway);
    await devstackSecrets(cfg, gateway.url);
    const consoleApp = withConsole ? await startConsole(gateway.url, cfg.consolePort, 'dev') : null;
    if (consoleApp) running.push(consoleApp);
    printStatus();
    if (withConsole) console.log(`console       ${consoleApp ? consoleApp.url : '(not built yet: admin/ has no dev script)'}`);
    console.log(DEMO_LOGIN);
    console.log('\ndevstack is running; Ctrl-C stops it.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    for (const service of running.reverse()) await service.close().catch(() => {});
    await stopCluster(cfg);
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const cfg = devConfig();
  switch (command) {
    case 'help': case '--help': case '-h':
      console.log(HELP);
      return 0;
    case 'doctor':
      await doctor();
      console.log('devstack doctor: all prerequisites present');
      return 0;
    case 'up':
      await up();
      return printStatus() === 0 ? 0 : 1;
    case 'serve':
    case 'start':
      // Ports first: a busy port fails before the cluster starts.
      await assertPortsFree([[cfg.apiPort, 'DEVSTACK_API_PORT'], [cfg.mailPort, 'DEVSTACK_MAIL_PORT'], [cfg.smtpPort, 'DEVSTACK_SMTP_PORT'],
        ...(command === 'start' ? [[cfg.consolePort, 'DEVSTACK_CONSOLE_PORT'] as [number, string]] : [])]);
      await up();
      return serve(command === 'start');
    case 'totp': {
      const secret = rest[0] ?? DEMO_TOTP_SECRET;
      const { totp, base32Decode } = await import('./gateway/auth/totp.ts');
      if (!/^[A-Z2-7]+=*$/i.test(secret)) throw new DevstackError('the secret must be base32', 'e.g. npx devstack totp JBSWY3DPEHPK3PXP');
      const now = Date.now() / 1000;
      console.log(`${totp(base32Decode(secret), now)}   (valid for ${Math.ceil(30 - (now % 30))} s more)`);
      return 0;
    }
    case 'down':
      await stopCluster(cfg);
      console.log('devstack: stopped');
      return 0;
    case 'reset':
      await doctor({ quiet: true });
      await freshDatabase(cfg, (line) => console.log(line));
      return printStatus() === 0 ? 0 : 1;
    case 'status':
      return printStatus();
    case 'push':
      await startCluster(cfg);
      console.log(await pushMigrations(cfg));
      return 0;
    case 'seed':
      await startCluster(cfg);
      await seed(cfg);
      return 0;
    case 'bootstrap':
      await startCluster(cfg);
      await bootstrap(cfg);
      return 0;
    case 'gen-types':
      await startCluster(cfg);
      console.log(`wrote ${await generateTypes(cfg)}`);
      return 0;
    case 'diff':
      return diffCommand(rest);
    case 'drift':
      return driftCommand(rest);
    case 'destroy':
      await destroyCluster(cfg);
      return 0;
    case 'test': {
      const only: (typeof LAYERS)[number][] = [];
      let keep = false;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--keep') keep = true;
        else if (rest[i] === '--only') {
          const layer = rest[++i] as (typeof LAYERS)[number];
          if (!LAYERS.includes(layer)) throw new DevstackError(`unknown test layer: ${layer ?? '(none)'}`, `layers: ${LAYERS.join(', ')}`);
          only.push(layer);
        } else throw new DevstackError(`unknown option for test: ${rest[i]}`, 'usage: devstack test [--only <layer>] [--keep]');
      }
      return runTests({ only, keep });
    }
    case 'bench': {
      // --smoke: tiny sizes, no results written (npm test); --report <file>: per-bench outcome as JSON
      const names: string[] = [];
      let smoke = false;
      let report: string | undefined;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--smoke') smoke = true;
        else if (rest[i] === '--report') report = rest[++i];
        else if (rest[i].startsWith('-')) throw new DevstackError(`unknown option for bench: ${rest[i]}`, 'usage: devstack bench [--smoke] [--report <file>] [name …]');
        else names.push(rest[i]);
      }
      const runs = await runBenchmarks(names, { smoke, report });
      return runs.every((r) => r.ok) ? 0 : 1;
    }
    default:
      throw new DevstackError(`unknown command: ${command}`, 'run `npx devstack help` for the list of commands');
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof DevstackError) {
      console.error(`devstack: ${err.message}`);
      if (err.hint) console.error(`  hint: ${err.hint}`);
      process.exit(err.exitCode);
    }
    console.error(`devstack: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.DEVSTACK_DEBUG) console.error(err);
    process.exit(1);
  },
);
