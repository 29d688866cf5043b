import { List, Progress, Space, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useRpcQuery } from '../../../lib/useRpc';
import { localName } from '../../../lib/format';

interface Item { item: string; label: Record<string, string>; done: boolean; source: string }

export function ChecklistTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const { data, isLoading } = useRpcQuery<Item[]>('tenant_onboarding_checklist', { tenant_id: tenantId },
    { refetchInterval: 10_000 });
  const items = data ?? [];
  const done = items.filter((i) => i.done).length;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Progress percent={items.length ? Math.round((done / items.length) * 100) : 0}
        format={() => t('tenants.checklist.progress', { done, total: items.length })} />
      <List<Item> loading={isLoading} dataSource={items} data-testid="checklist"
        renderItem={(i) => (
          <List.Item data-testid={`checklist-${i.item}`} data-done={i.done ? 'true' : 'false'}>
            <Space>
              {i.done ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />}
              <Typography.Text delete={false} type={i.done ? undefined : 'secondary'}>{localName(i.label, i18n.language)}</Typography.Text>
            </Space>
            <Tag>{t(`tenants.checklist.sources.${i.source}`, i.source)}</Tag>
          </List.Item>
        )} />
    </Space>
  );
}
