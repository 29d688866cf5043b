// A whole database stack in one call: cluster → bootstrap → migrations → seed.
import { type StackConfig } from './config.ts';
import { destroyCluster, initCluster, startCluster } from './cluster.ts';
import { bootstrap, pushMigrations, seed } from './database.ts';

export async function freshDatabase(cfg: StackConfig, log: (line: string) => void = () => {}) {
  await destroyCluster(cfg);
  await initCluster(cfg);
  await startCluster(cfg);
  log(`cluster initialised in ${cfg.dir} on port ${cfg.dbPort}`);
  const standIns = await bootstrap(cfg);
  log(`bootstrap done${standIns.length ? ` (stand-ins for ${standIns.join(', ')})` : ''}`);
  await pushMigrations(cfg);
  log('migrations applied (supabase db push)');
  await seed(cfg);
  log('seed applied');
}
