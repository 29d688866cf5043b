// Billing errors in the reader's language. The SQL API puts a stable code in `detail`
// (`billing.coupon_exists`, README "Billing error codes"); the Edge Functions pass it on as `detail`.
// A known code gets a translated title (billing.errors.<code>) with the server's message and hint
// below; anything else is shown the console's usual way.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../lib/useRpc';
import { rpc } from '../../providers/supabase';

/** `billing.<code>` from a PostgREST error (`details`) or an Edge Function's answer (`detail`), else null. */
export function billingErrorCode(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { details?: unknown; detail?: unknown };
  const d = typeof e.details === 'string' ? e.details : typeof e.detail === 'string' ? e.detail : '';
  const m = /^billing\.([a-z_]+)$/.exec(d);
  return m ? m[1] : null;
}

export function useBillingError() {
  const { t, i18n } = useTranslation();
  const { notification } = App.useApp();
  const showError = useShowError();
  return (err: unknown) => {
    const code = billingErrorCode(err);
    if (!code || !i18n.exists(`billing.errors.${code}`)) return showError(err);
    const e = err as { message?: string; hint?: string | null };
    const description = [e.message, e.hint].filter(Boolean).join(' — ') || undefined;
    notification.error({ message: t(`billing.errors.${code}`), description, placement: 'topRight', duration: 8 });
    return { title: t(`billing.errors.${code}`), description };
  };
}

/** useRpcMutation for billing: the same success handling, errors through useBillingError. */
export function useBillingMutation<T = unknown>(fn: string, opts?: { successKey?: string }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const showError = useBillingError();
  return useMutation<T, any, Record<string, unknown> | undefined>({
    mutationFn: (args) => rpc<T>(fn, args),
    onSuccess: async () => {
      if (opts?.successKey) notification.success({ message: t(opts.successKey), placement: 'topRight' });
      await qc.invalidateQueries();
    },
    onError: (err) => { showError(err); },
  });
}
