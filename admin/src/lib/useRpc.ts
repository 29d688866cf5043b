// React Query around supabase rpc (Refine's data provider has no `custom`).
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
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

/** A mutation calling rpc(fn); on success, refreshes every rpc query and Refine's data queries. */
export function useRpcMutation<T = unknown>(fn: string, opts?: { successKey?: string; silentError?: boolean }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const showError = useShowError();
  return useMutation<T, any, Record<string, unknown> | undefined>({
    mutationFn: (args) => rpc<T>(fn, args),
    onSuccess: async () => {
      if (opts?.successKey) notification.success({ message: t(opts.successKey), placement: 'topRight' });
      await qc.invalidateQueries();
    },
    onError: (err) => { if (!opts?.silentError) showError(err); },
  });
}
