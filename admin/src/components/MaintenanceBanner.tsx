// While maintenance runs or is coming soon (platform_status(): within maintenance.banner_lead_minutes):
// a banner on every page with the window's message in English AND Arabic (each in its own direction),
// its region and times. Running: red (writes are refused); coming: orange.
import { Alert, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, localName } from '../lib/format';
import { useRpcQuery } from '../lib/useRpc';
import { bannerWindows, type PlatformStatus } from '../pages/platform/model';

export function usePlatformStatus() {
  return useRpcQuery<PlatformStatus>('platform_status', undefined, { refetchInterval: 30_000, staleTime: 5_000 });
}

export function MaintenanceBanner() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data } = usePlatformStatus();
  const windows = bannerWindows(data);
  if (windows.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="maintenance-banner">
      {windows.map((w) => (
        <Alert key={w.id} banner showIcon type={w.active ? 'error' : 'warning'} data-testid={`maintenance-banner-${w.id}`}
          data-active={String(w.active)}
          message={
            <Space wrap size={[12, 0]}>
              <Typography.Text strong>
                {t(w.active ? 'platform.banner.active' : 'platform.banner.scheduled', {
                  scope: w.region ? localName(t(`platform.regions.${w.region}`, w.region), lang) : t('platform.scope.global'),
                  start: formatDateTime(w.starts_at, lang),
                })}
                {w.ends_at ? ` ${t('platform.banner.until', { end: formatDateTime(w.ends_at, lang) })}` : ''}
              </Typography.Text>
              <Typography.Text dir="ltr" lang="en" data-testid="maintenance-message-en">{w.message.en}</Typography.Text>
              <Typography.Text dir="rtl" lang="ar" data-testid="maintenance-message-ar">{w.message.ar}</Typography.Text>
            </Space>
          } />
      ))}
    </Space>
  );
}
