// The plan stage: what one ApiRequest does, resolved against the schema cache — read a table,
// mutate it, call a function, or describe the API. Writes and calls go through here like reads.
import { functionsFor, type RestContext, tableFor } from '../context.ts';
import { mediaTypeError, undefinedTable } from '../errors.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { Table } from '../schema-cache.ts';
import { type CallPlan, planCall } from './call.ts';
import { type MutatePlan, planMutate } from './mutate.ts';
import { planRead, type ReadPlan } from './read.ts';

export type Action =
  | { kind: 'openapi' }
  | { kind: 'read'; table: Table; plan: ReadPlan; explain: boolean }
  | { kind: 'mutate'; plan: MutatePlan }
  | { kind: 'call'; plan: CallPlan };

export async function planAction(ctx: RestContext, req: ApiRequest): Promise<Action> {
  const target = req.target;
  if (target.kind === 'root') return { kind: 'openapi' };
  if (target.kind === 'rpc') {
    const { cache } = await functionsFor(ctx, req.schema, target.name);
    return { kind: 'call', plan: planCall(cache, req, target.name) };
  }
  const { cache, table } = await tableFor(ctx, req.schema, target.name);
  // PostgREST 12 lets the database answer: 42P01 with PostgreSQL's wording.
  if (!table) throw undefinedTable(req.schema, target.name);
  if (!req.readOnly) return { kind: 'mutate', plan: planMutate(cache, table, req) };
  const plan = planRead(cache, table, req.query);
  // Plans are served while db_plan_enabled is on (off on Supabase by default).
  if (req.format === 'plan' && !cache.settings.planEnabled) throw mediaTypeError(req.accept);
  return { kind: 'read', table, plan, explain: req.format === 'plan' };
}
