// A changelog as tags per kind of change (added, changed, retired, removed).
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANGE_KINDS, changeCount, type Changelog } from './model';

const COLOURS = { added: 'green', changed: 'blue', retired: 'default', removed: 'red' } as const;

export function Changes({ changelog, testId }: { changelog: Changelog | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!changeCount(changelog)) return <Typography.Text type="secondary" data-testid={testId}>{t('catalog.no_changes')}</Typography.Text>;
  return (
    <Space direction="vertical" size={4} data-testid={testId}>
      {CHANGE_KINDS.filter((k) => changelog![k]?.length).map((k) => (
        <div key={k} data-testid={testId ? `${testId}-${k}` : undefined} data-count={changelog![k].length}>
          <Typography.Text strong>{t(`catalog.changes.${k}`)} ({changelog![k].length})</Typography.Text>{' '}
          <Space size={[4, 4]} wrap>
            {changelog![k].slice(0, 50).map((c) => <Tag key={`${c.family}:${c.code}`} color={COLOURS[k]}>{t(`catalog.families.${c.family}`)} · {c.code}</Tag>)}
            {changelog![k].length > 50 && <Tag>+{changelog![k].length - 50}</Tag>}
          </Space>
        </div>
      ))}
    </Space>
  );
}
