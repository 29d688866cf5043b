import { Card, Col, Row, Statistic, Typography, Alert, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRpcQuery } from '../../lib/useRpc';
import { StatusChart } from '../../components/StatusChart';
import { formatNumber } from '../../lib/format';
import { describeError } from '../../lib/errors';
import { TENANT_STATUSES } from '../../lib/schemas';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { data, isLoading, error } = useRpcQuery<{ status: string; tenants: number }[]>('tenant_status_counts');
  const counts = new Map((data ?? []).map((r) => [r.status, Number(r.tenants)]));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const rows = TENANT_STATUSES.filter((s) => counts.has(s)).map((s) => ({ status: s, tenants: counts.get(s)! }));
  return (
    <div data-testid="dashboard">
      <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>
      {error && <Alert type="error" showIcon message={describeError(error, t).title} style={{ marginBottom: 16 }} />}
      {isLoading ? <Skeleton active /> : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6} lg={4}>
              <Card size="small" hoverable onClick={() => navigate('/tenants')}>
                <Statistic title={t('dashboard.total')} value={total} formatter={(v) => formatNumber(Number(v), i18n.language)} />
              </Card>
            </Col>
            {TENANT_STATUSES.map((s) => (
              <Col xs={12} md={6} lg={4} key={s}>
                <Card size="small" hoverable data-testid={`stat-${s}`}
                  onClick={() => navigate(`/tenants?filters[0][field]=status&filters[0][operator]=eq&filters[0][value]=${s}`)}>
                  <Statistic title={t(`tenants.status.${s}`)} value={counts.get(s) ?? 0}
                    formatter={(v) => formatNumber(Number(v), i18n.language)} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('dashboard.by_status')} style={{ marginTop: 16 }}>
            <StatusChart data={rows} />
          </Card>
        </>
      )}
    </div>
  );
}
