// pgmq queues and pg_cron schedules: rows that pgmq.create and cron.schedule write, compared by
// name and recreated through those functions (never as raw table DDL).
import type pg from 'pg';
import { type Comparison, type Finding, clipPair, sqlLiteral } from './finding.ts';

async function queues(db: pg.Client): Promise<Map<string, boolean>> {
  const exists = await db.query(`select to_regclass('pgmq.meta') is not null as ok`);
  if (!exists.rows[0].ok) return new Map();
  const { rows } = await db.query<{ queue_name: string; is_unlogged: boolean }>('select queue_name, is_unlogged from pgmq.meta order by queue_name');
  return new Map(rows.map((r) => [r.queue_name, r.is_unlogged]));
}

interface Schedule { jobname: string; schedule: string; command: string; active: boolean }

async function schedules(db: pg.Client): Promise<Map<string, Schedule>> {
  const exists = await db.query(`select to_regclass('cron.job') is not null as ok`);
  if (!exists.rows[0].ok) return new Map();
  const { rows } = await db.query<Schedule>('select jobname, schedule, command, active from cron.job where jobname is not null order by jobname');
  return new Map(rows.map((r) => [r.jobname, r]));
}

export const compareQueues: Comparison = async (fromDb, toDb) => {
  const findings: Finding[] = [];
  const area = 'queues and schedules' as const;
  const [fromQ, toQ] = await Promise.all([queues(fromDb), queues(toDb)]);
  for (const name of fromQ.keys()) {
    if (!toQ.has(name)) findings.push({ area, what: `pgmq queue ${name} only in the migrations`, sql: `select pgmq.drop_queue(${sqlLiteral(name)});` });
  }
  for (const [name, unlogged] of toQ) {
    if (!fromQ.has(name)) findings.push({ area, what: `pgmq queue ${name} only in the schema files`, sql: `select pgmq.${unlogged ? 'create_unlogged' : 'create'}(${sqlLiteral(name)});` });
  }
  const [fromS, toS] = await Promise.all([schedules(fromDb), schedules(toDb)]);
  for (const name of fromS.keys()) {
    if (!toS.has(name)) findings.push({ area, what: `pg_cron job ${name} only in the migrations`, sql: `select cron.unschedule(${sqlLiteral(name)});` });
  }
  for (const [name, job] of toS) {
    const was = fromS.get(name);
    if (was && was.schedule === job.schedule && was.command === job.command && was.active === job.active) continue;
    const what = !was ? `pg_cron job ${name} only in the schema files`
      : was.schedule !== job.schedule ? `pg_cron job ${name}: schedule differs (${clipPair(was.schedule, job.schedule)})`
        : was.command !== job.command ? `pg_cron job ${name}: command differs (${clipPair(was.command, job.command)})`
          : `pg_cron job ${name}: ${job.active ? 'active' : 'inactive'} in the schema files only`;
    const sql = [`select cron.schedule(${sqlLiteral(name)}, ${sqlLiteral(job.schedule)}, ${sqlLiteral(job.command)});`,
      ...(!job.active || (was && was.active !== job.active)
        ? [`select cron.alter_job((select jobid from cron.job where jobname = ${sqlLiteral(name)}), active => ${job.active});`] : [])].join('\n');
    findings.push({ area, what, sql });
  }
  return findings;
};
