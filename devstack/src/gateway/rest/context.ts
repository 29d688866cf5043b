// What every REST stage needs from the gateway: the pool, the configuration and the schema cache,
// plus the cache lookups that reload it once when a name is missing (e.g. after a migration).
import type { Pool } from 'pg';
import type { GatewayConfig } from '../config.ts';
import { type DbFunction, type SchemaCache, type Table, tableKey } from './schema-cache.ts';

export interface RestContext {
  pool: Pool;
  /** search_path every pooled connection starts with (set at connect time). */
  defaultSearchPath: string;
  config: GatewayConfig;
  schemas: string[];
  jwtSecret: string;
  cache(): Promise<SchemaCache>;
  /** Reloads the cache if it is older than a moment; used on a cache miss (e.g. after a migration). */
  refreshOnMiss(): Promise<SchemaCache>;
}

export async function tableFor(ctx: RestContext, schema: string, name: string): Promise<{ cache: SchemaCache; table?: Table }> {
  const key = tableKey(schema, name);
  let cache = await ctx.cache();
  if (!cache.tables.has(key)) cache = await ctx.refreshOnMiss();
  return { cache, table: cache.tables.get(key) };
}

export async function functionsFor(ctx: RestContext, schema: string, name: string): Promise<{ cache: SchemaCache; overloads: DbFunction[] }> {
  const key = tableKey(schema, name);
  let cache = await ctx.cache();
  if (!cache.functions.has(key)) cache = await ctx.refreshOnMiss();
  return { cache, overloads: cache.functions.get(key) ?? [] };
}
