// What every REST stage needs from the gateway: the pools, the configuration and the schema cache.
import type { Pool } from 'pg';
import type { GatewayConfig } from '../config.ts';
import type { SchemaCache } from './schema-cache.ts';

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
