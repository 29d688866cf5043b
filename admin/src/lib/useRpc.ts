// React Query around supabase rpc (Refine's data provider has no `custom`).
import { useMutation, useQuery, useQueryClient, type MutationOptions, type Query, type QueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { rpc } from '../providers/supabase';
import { describeError } from './errors';

export function useRpcQuery<T>(fn: string, args?: Record<string, unknown>,
  options?: Omit<UseQueryOptions<T, any>, 'queryKey' | 'queryFn'>) {
  return useQuery<T, any>({
    queryKey: ['rpc', fn, args ?? {}],
    queryFn: () => rpc<T>(fn, args),
    ...options,
  });
}

/** Shows an error the way the console does everywhere: translated title, server detail below. */
export function useShowError() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  return (err: unknown, context?: { readOnlyImpersonation?: boolean }) => {
    const d = describeError(err, t, context);
    notification.error({ message: d.title, description: d.description, placement: 'topRight', duration: 8 });
    return d;
  };
}

export type RpcArgs = Record<string, unknown> | undefined;
/** A function name (the mutation's variables are its arguments), or the call made of the variables. */
export type RpcCall<V> = string | ((vars: V) => { fn: string; args: RpcArgs });

/**
 * Every query but Refine's sign-in check ("auth") and permissions ("access"): a data change does
 * not change who is signed in, and <Authenticated> renders nothing while its check refetches
 * (the page would blank and remount, dropping the dialog that made the change).
 */
export const isPageData = (query: Query) => query.queryKey[0] !== 'auth' && query.queryKey[0] !== 'access';

/**
 * What useRpcMutation hands React Query (kept apart from React so a test can drive it). On
 * success it starts refreshing the page's data and does NOT wait for it: the caller's own
 * onSuccess (closing its dialog) runs as soon as the call has succeeded. Awaiting the refetch
 * here kept dialogs open, their button spinning, for as long as the slowest query on the page
 * took to refetch (issue 13 §15).
 */
export function rpcMutationOptions<T, V = RpcArgs>(qc: QueryClient, call: RpcCall<V>,
  on: { success?: (data: T) => void; error?: (err: unknown) => void } = {}): MutationOptions<T, any, V> {
  return {
    mutationFn: (vars) => {
      const { fn, args } = typeof call === 'string' ? { fn: call, args: vars as RpcArgs } : call(vars);
      return rpc<T>(fn, args);
    },
    onSuccess: (data) => {
      on.success?.(data);
      void qc.invalidateQueries({ predicate: isPageData });
    },
    onError: (err) => on.error?.(err),
  };
}

/**
 * THE way the console calls a state-changing SQL function: rpc(fn) with the console's success
 * message and translated errors; on success the page's data refreshes in the background.
 */
export function useRpcMutation<T = unknown, V = RpcArgs>(call: RpcCall<V>, opts?: { successKey?: string; silentError?: boolean }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const showError = useShowError();
  return useMutation<T, any, V>(rpcMutationOptions<T, V>(qc, call, {
    success: () => { if (opts?.successKey) notification.success({ message: t(opts.successKey), placement: 'topRight' }); },
    error: (err) => { if (!opts?.silentError) showError(err); },
  }));
}

/**
 * A paged read of a set-returning function for CSV exports (components/ExportCsvButton): page
 * `n` of `size` rows through the function's own limit/offset arguments, with the list's filters.
 */
export function rpcPages<T>(fn: string, args: Record<string, unknown>, paging: { limit: string; offset: string }) {
  return async (page: number, size: number): Promise<{ data: T[] }> =>
    ({ data: (await rpc<T[]>(fn, { ...args, [paging.limit]: size, [paging.offset]: (page - 1) * size })) ?? [] });
}
