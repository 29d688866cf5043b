// One dashboard number: a title, the value (one line, left-to-right digits), a hint below, and the
// report it opens when clicked (or pressed with Enter).
import { Card, Col, Skeleton, Typography } from 'antd';
import { useNavigate } from 'react-router';

export function KpiCard({ id, title, value, hint, to, loading, danger, wrap }: {
  id: string; title: string; value: string; hint?: string; to?: string; loading?: boolean; danger?: boolean;
  /** several values (one per currency): smaller, and wrapping instead of cut */
  wrap?: boolean;
}) {
  const navigate = useNavigate();
  const open = to ? () => navigate(to) : undefined;
  return (
    <Col xs={24} sm={12} lg={8} xxl={6}>
      <Card size="small" hoverable={!!to} onClick={open} data-testid={`kpi-${id}`} data-link={to}
        role={to ? 'link' : undefined} tabIndex={to ? 0 : undefined}
        onKeyDown={(e) => { if (open && e.key === 'Enter') open(); }} style={{ height: '100%' }}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        {loading ? <Skeleton active paragraph={false} /> : (
          <div data-testid={`kpi-${id}-value`} dir="ltr"
            style={{ fontSize: wrap ? 18 : 24, fontWeight: 600, whiteSpace: wrap ? 'normal' : 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', textAlign: 'start',
              color: danger ? '#cf1322' : undefined }}>
            {value}
          </div>
        )}
        {hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}
      </Card>
    </Col>
  );
}
