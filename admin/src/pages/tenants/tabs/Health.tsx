import { useList } from '@refinedev/core';
import { Button, Col, Descriptions, Empty, Progress, Row, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useRpcMutation } from '../../../lib/useRpc';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { HealthInputs, TenantHealthRow as HealthRow } from '../../../types/rows';
export type { HealthInputs };

/** The figures behind the signals (public.tenant_health.inputs). */
const MAX: Record<string, number> = { lifecycle: 40, maturity: 20, activity: 25, provisioning: 15 };

export function HealthTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const { result, query } = useList<HealthRow>({
    resource: 'tenant_health', filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }],
    pagination: { mode: 'off' },
  });
  const refresh = useRpcMutation('refresh_tenant_health', { successKey: 'tenants.health.refreshed' });
  const row = result?.data?.[0];
  return (
    <Row gutter={24}>
      <Col xs={24} md={8} style={{ textAlign: 'center' }}>
        {row ? (
          <Progress type="dashboard" percent={row.score} data-testid="health-score"
            format={(p) => formatNumber(p ?? 0, i18n.language)}
            status={row.score < 40 ? 'exception' : row.score >= 70 ? 'success' : 'normal'} />
        ) : <Empty description={t('tenants.health.none')} />}
        <div style={{ marginTop: 12 }}>
          <Button icon={<ReloadOutlined />} loading={refresh.isPending || query.isFetching} data-testid="health-refresh"
            onClick={() => refresh.mutate({ tenant_id: tenantId })}>{t('tenants.health.refresh')}</Button>
        </div>
      </Col>
      <Col xs={24} md={16}>
        <Descriptions column={1} bordered size="small" title={t('tenants.health.signals')}>
          {Object.keys(MAX).map((k) => (
            <Descriptions.Item key={k} label={t(`tenants.health.signal.${k}`)}>
              <Progress percent={row ? Math.round(((row.signals?.[k] ?? 0) / MAX[k]) * 100) : 0} size="small"
                format={() => `${formatNumber(row?.signals?.[k] ?? 0, i18n.language)} / ${formatNumber(MAX[k], i18n.language)}`} />
            </Descriptions.Item>
          ))}
        </Descriptions>
        {row?.inputs && (
          <div style={{ marginTop: 8 }} data-testid="health-inputs" data-age-days={row.inputs.age_days}>
            {row.inputs.new_tenant && <Tag color="blue" data-testid="health-new-tenant">{t('tenants.health.new_tenant')}</Tag>}
            <Typography.Text>{t('tenants.health.age_days', { days: formatNumber(row.inputs.age_days ?? 0, i18n.language) })}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('tenants.health.inputs', {
              orders: formatNumber(row.inputs.orders_30d ?? 0, i18n.language), moves: formatNumber(row.inputs.order_moves_30d ?? 0, i18n.language),
              users: formatNumber(row.inputs.users_signed_in_30d ?? 0, i18n.language) })}</Typography.Text>
          </div>
        )}
        {row && <Typography.Text type="secondary">{t('tenants.health.computed_at', { when: formatDateTime(row.computed_at, i18n.language) })}</Typography.Text>}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('tenants.health.explain')}</Typography.Paragraph>
      </Col>
    </Row>
  );
}
