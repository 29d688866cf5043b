// The plan stage: what one ApiRequest does, resolved against the schema cache — read a table,
// mutate it, call a function, or describe the API. Writes and calls go through here like reads.
import { functionsFor, type RestContext, tableFor } from '../context.ts';
import { mediaTypeError, undefinedTable } from '../errors.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { SchemaCache, Table } from '../schema-cache.ts';
import { type CallPlan, planCall } from './call.ts';
import { type MutatePlan, planMutate } from './mutate.ts';
import { type OpenApiPlan, planOpenApi } from './openapi.ts';
import { planRead, type ReadPlan } from './read.ts';

/** `explain`: Accept: application/vnd.pgrst.plan… — answer the statement's EXPLAIN instead of running it. */
export type Action =
  | { kind: 'openapi'; plan: OpenApiPlan; cache: SchemaCache }
  | { kind: 'read'; table: Table; plan: ReadPlan; explain: boolean }
  | { kind: 'mutate'; plan: MutatePlan; explain: boolean }
  | { kind: 'call'; plan: CallPlan; explain: boolean };

/** Plans are served while db_plan_enabled is on (off on Supabase by default), for reads, writes and calls. */
function explains(cache: SchemaCache, req: ApiRequest): boolean {
  if (req.format !== 'plan') return false;
  if (!cache.settings.planEnabled) throw mediaTypeError(req.accept);
  return true;
}

export async function planAction(ctx: RestContext, req: ApiRequest): Promise<Action> {
  const target = req.target;
  if (target.kind === 'root') {
    const cache = await ctx.cache();
    return { kind: 'openapi', plan: planOpenApi(cache, req), cache };
  }
  if (target.kind === 'rpc') {
    const { cache } = await functionsFor(ctx, req.schema, target.name);
    const plan = planCall(cache, req, target.name);
    return { kind: 'call', plan, explain: explains(cache, req) };
  }
  const { cache, table } = await tableFor(ctx, req.schema, target.name);
  // PostgREST 12 lets the database answer: 42P01 with PostgreSQL's wording.
  if (!table) throw undefinedTable(req.schema, target.name);
  if (!req.readOnly) {
    const plan = planMutate(cache, table, req);
    return { kind: 'mutate', plan, explain: explains(cache, req) };
  }
  const plan = planRead(cache, table, req.query);
  return { kind: 'read', table, plan, explain: explains(cache, req) };
}
