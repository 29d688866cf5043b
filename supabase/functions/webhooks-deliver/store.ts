// The store over PostgREST with the service key (the deployed function).
import { rpc, serviceClient } from '../_shared/supabase.ts';
import type { Claimed } from './deliver.ts';
import type { Store } from './worker.ts';

export const rpcStore: Store = {
  claim: async (batch_size) => (await rpc<Claimed[] | null>(serviceClient(), 'claim_webhook_deliveries', { batch_size })) ?? [],
  record: (results) => rpc<number>(serviceClient(), 'record_webhook_results', { results }),
};
