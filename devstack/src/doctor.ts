// Checks that this machine has what devstack needs and, when running as root on Debian, installs
// the missing system packages. Otherwise prints exactly what to install.
import fs from 'node:fs';
import path from 'node:path';
import { DevstackError } from './errors.ts';
import { PG_BIN, commandExists, hasLocalBin, isRoot, localBin, run, runInherit } from './shell.ts';

interface Check { name: string; ok: boolean; debianPackage?: string; fix: string }

async function checks(): Promise<Check[]> {
  const pgLib = path.join(PG_BIN, '..', 'lib');
  const pgShare = '/usr/share/postgresql/15/extension';
  const binaryWorks = async (name: string) => hasLocalBin(name) && (await run(localBin(name), ['--version'])).code === 0;
  return [
    { name: 'PostgreSQL 15 server', ok: fs.existsSync(path.join(PG_BIN, 'postgres')) && fs.existsSync(path.join(PG_BIN, 'initdb')),
      debianPackage: 'postgresql-15', fix: 'apt-get install postgresql-15' },
    { name: 'PostgreSQL contrib (dblink, pgcrypto)', ok: fs.existsSync(path.join(pgShare, 'dblink.control')) && fs.existsSync(path.join(pgShare, 'pgcrypto.control')),
      debianPackage: 'postgresql-15', fix: 'apt-get install postgresql-15' },
    { name: 'psql', ok: commandExists('psql'), debianPackage: 'postgresql-client-15', fix: 'apt-get install postgresql-client-15' },
    { name: 'pg_cron', ok: fs.existsSync(path.join(pgLib, 'pg_cron.so')), debianPackage: 'postgresql-15-cron', fix: 'apt-get install postgresql-15-cron' },
    { name: 'pgTAP', ok: fs.existsSync(path.join(pgShare, 'pgtap.control')), debianPackage: 'postgresql-15-pgtap', fix: 'apt-get install postgresql-15-pgtap' },
    { name: 'pg_prove', ok: commandExists('pg_prove'), debianPackage: 'libtap-parser-sourcehandler-pgtap-perl', fix: 'apt-get install libtap-parser-sourcehandler-pgtap-perl' },
    { name: 'Chromium (end-to-end tests)', ok: fs.existsSync('/usr/bin/chromium'), debianPackage: 'chromium', fix: 'apt-get install chromium' },
    { name: 'Supabase CLI (npm: supabase)', ok: await binaryWorks('supabase'), fix: 'npm install (from the project root)' },
    { name: 'Deno (npm: deno)', ok: await binaryWorks('deno'), fix: 'npm install (from the project root)' },
  ];
}

export async function doctor({ install = true, quiet = false } = {}): Promise<void> {
  let results = await checks();
  const missingPackages = [...new Set(results.filter((c) => !c.ok && c.debianPackage).map((c) => c.debianPackage!))];
  if (missingPackages.length && install && isRoot && commandExists('apt-get')) {
    console.log(`devstack doctor: installing ${missingPackages.join(' ')} …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if ((await runInherit('apt-get', ['update', '-qq'], { env })) !== 0
      || (await runInherit('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missingPackages], { env })) !== 0) {
      throw new DevstackError('apt-get could not install the PostgreSQL packages', `install them by hand: apt-get install ${missingPackages.join(' ')}`);
    }
    results = await checks();
  }
  const failed = results.filter((c) => !c.ok);
  if (!quiet || failed.length) {
    for (const c of results) console.log(`  ${c.ok ? 'ok  ' : 'MISSING'}  ${c.name}${c.ok ? '' : `  →  ${c.fix}`}`);
  }
  if (failed.length) {
    const how = failed.map((c) => c.fix).join('; ');
    throw new DevstackError(`${failed.length} prerequisite(s) missing`, isRoot ? how : `as root: ${how} (or re-run devstack doctor as root)`);
  }
}
