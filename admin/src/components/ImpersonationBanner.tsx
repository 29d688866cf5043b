// While an impersonation is active: a banner with a live countdown and an End button on every
// page, and a watermark over the content.
import { Alert, Button, Space, Typography, Watermark } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRpcMutation, useRpcQuery } from '../lib/useRpc';
import { countdown, localName } from '../lib/format';

export interface ActiveImpersonation {
  id: string;
  tenant_id: string;
  tenant_name: { en?: string; ar?: string };
  tenant_slug: string;
  mode: 'read_only' | 'full';
  reason: string;
  started_at: string;
  expires_at: string;
}

export function useActiveImpersonation() {
  return useRpcQuery<ActiveImpersonation | null>('my_active_impersonation', undefined, {
    refetchInterval: 15_000, staleTime: 5_000,
  });
}

/**
 * Is the signed-in staff member in a read-only impersonation (of `tenantId`, when given)? Pages
 * then disable their writes instead of letting the database refuse them.
 */
export function useReadOnlyImpersonation(tenantId?: string | null): boolean {
  const { data } = useActiveImpersonation();
  if (!data || data.mode !== 'read_only' || new Date(data.expires_at).getTime() <= Date.now()) return false;
  return !tenantId || data.tenant_id === tenantId;
}

function useNow(active: boolean) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

export function ImpersonationBanner() {
  const { t, i18n } = useTranslation();
  const { data, refetch } = useActiveImpersonation();
  const end = useRpcMutation('end_impersonation', { successKey: 'impersonation.ended' });
  const now = useNow(!!data);
  const expired = data ? new Date(data.expires_at).getTime() <= now : false;
  useEffect(() => { if (expired) void refetch(); }, [expired, refetch]);
  if (!data || expired) return null;
  return (
    <Alert
      data-testid="impersonation-banner"
      type={data.mode === 'full' ? 'error' : 'warning'}
      showIcon
      banner
      style={{ marginBottom: 16, position: 'sticky', top: 0, zIndex: 20 }}
      message={
        <Space wrap>
          <Typography.Text strong>
            {t('impersonation.banner', {
              tenant: localName(data.tenant_name, i18n.language) || data.tenant_slug,
              mode: t(`impersonation.modes.${data.mode}`),
            })}
          </Typography.Text>
          <Typography.Text>{t('impersonation.reason_label', { reason: data.reason })}</Typography.Text>
          <Typography.Text code data-testid="impersonation-countdown" dir="ltr">
            {countdown(data.expires_at, now)}
          </Typography.Text>
        </Space>
      }
      action={
        <Button size="small" danger data-testid="impersonation-end" loading={end.isPending}
          onClick={() => end.mutate(undefined)}>
          {t('impersonation.end')}
        </Button>
      }
    />
  );
}

export function ImpersonationWatermark({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data } = useActiveImpersonation();
  if (!data || new Date(data.expires_at).getTime() <= Date.now()) return <>{children}</>;
  return (
    <Watermark content={[t('impersonation.watermark'), data.tenant_slug]} font={{ color: 'rgba(200,0,0,0.08)' }}>
      {children}
    </Watermark>
  );
}
