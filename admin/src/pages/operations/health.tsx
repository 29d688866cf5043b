// Health: the components public.health_check() reports (database, queues, cron, vault), each ok or
// failing; the same check the `health` Edge Function answers uptime monitors with.
import { Alert, Badge, Card, Col, Result, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/errors';
import { useRpcQuery } from '../../lib/useRpc';
import { healthComponents, type HealthReport } from './model';

export function HealthTab() {
  const { t } = useTranslation();
  const { data, error, isLoading } = useRpcQuery<HealthReport>('health_check', undefined, { refetchInterval: 30_000 });
  if (isLoading) return <Skeleton active />;
  if (error) return <Alert type="error" showIcon data-testid="health-error" message={describeError(error, t).title} />;
  const components = healthComponents(data);
  const ok = data?.status === 'ok' && components.length > 0 && components.every((c) => c.ok);
  return (
    <div data-testid="health" data-ok={String(ok)}>
      <Result status={ok ? 'success' : 'warning'} title={ok ? t('operations.health.ok') : t('operations.health.degraded')} style={{ padding: 16 }} />
      <Row gutter={[16, 16]}>
        {components.map((c) => (
          <Col key={c.name} xs={24} md={12} xl={8}>
            <Card size="small" data-testid={`health-${c.name}`} data-ok={String(c.ok)}
              title={<><Badge status={c.ok ? 'success' : 'error'} /> {t(`operations.health.components.${c.name}`, c.name)}</>}>
              <Typography.Text type={c.ok ? 'success' : 'danger'}>{t(`operations.health.${c.ok ? 'component_ok' : 'component_fail'}`)}</Typography.Text>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`operations.health.what.${c.name}`, '')}</Typography.Text></div>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
