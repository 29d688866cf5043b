// The one mutation hook (useRpcMutation): when its caller hears of success, and what it refreshes.
// Driven through React Query's own observers (what useMutation/useQuery wrap); the SQL call is
// replaced (rpc): what is tested is the order of events around it.
import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, test, vi } from 'vitest';

const calls: { fn: string; args?: Record<string, unknown> }[] = [];
vi.mock('../providers/supabase', () => ({
  rpc: async (fn: string, args?: Record<string, unknown>) => { calls.push({ fn, args }); return 'done'; },
}));
const { rpcMutationOptions } = await import('./useRpc');

const unsubscribe: (() => void)[] = [];
afterEach(() => { calls.length = 0; unsubscribe.splice(0).forEach((u) => u()); });

/** A query a page is showing (an observer subscribed to it), first fetched. */
async function shown(qc: QueryClient, queryKey: unknown[], queryFn: () => Promise<unknown>) {
  const observer = new QueryObserver(qc, { queryKey, queryFn, retry: false });
  unsubscribe.push(observer.subscribe(() => undefined));
  await vi.waitFor(() => expect(qc.getQueryState(queryKey)?.status).toBe('success'));
}

/** A mutation as a page holds it (a subscribed observer, as useMutation does). */
function mutation<T>(qc: QueryClient, fn: string, success?: (data: T) => void) {
  const observer = new MutationObserver(qc, rpcMutationOptions<T>(qc, fn, { success }));
  unsubscribe.push(observer.subscribe(() => undefined));
  return observer;
}

describe('useRpcMutation (issue 13 §15)', () => {
  test("the caller's onSuccess (closing its dialog) runs once the call succeeded, while the page's queries refetch in the background", async () => {
    const qc = new QueryClient();
    // A query on the page whose refetch does not finish (a slow, retried or stuck request).
    let fetches = 0;
    await shown(qc, ['rpc', 'staff_lockouts'], () => (fetches++ === 0 ? Promise.resolve([]) : new Promise<never>(() => {})));
    const message = vi.fn();
    const invite = mutation<string>(qc, 'invite_staff', message);

    const closeDialog = vi.fn();
    invite.mutate({ email: 'new@hq.test' }, { onSuccess: closeDialog }).catch(() => undefined);
    await vi.waitFor(() => expect(closeDialog).toHaveBeenCalledWith('done', { email: 'new@hq.test' }, undefined, expect.anything()));
    expect(message).toHaveBeenCalledWith('done');
    expect(invite.getCurrentResult().isPending).toBe(false);
    expect(calls).toEqual([{ fn: 'invite_staff', args: { email: 'new@hq.test' } }]);
    // the refresh was started, and is still running
    expect(fetches).toBe(2);
    expect(qc.getQueryState(['rpc', 'staff_lockouts'])?.fetchStatus).toBe('fetching');
  });

  test("refreshes the page's data, not Refine's sign-in check and permissions (which would blank the page while refetched)", async () => {
    const qc = new QueryClient();
    await shown(qc, ['auth', 'check'], async () => ({ authenticated: true }));
    await shown(qc, ['access', 'staff', 'manage'], async () => ({ can: true }));
    await shown(qc, ['data', 'default', 'platform_staff', 'list'], async () => []);
    const changeRole = mutation(qc, 'change_staff_role');

    await changeRole.mutate({ user_id: 'x', role: 'support' });
    await vi.waitFor(() => expect(qc.getQueryState(['data', 'default', 'platform_staff', 'list'])?.dataUpdateCount).toBe(2));
    expect(qc.getQueryState(['auth', 'check'])).toMatchObject({ dataUpdateCount: 1, isInvalidated: false });
    expect(qc.getQueryState(['access', 'staff', 'manage'])).toMatchObject({ dataUpdateCount: 1, isInvalidated: false });
  });
});
