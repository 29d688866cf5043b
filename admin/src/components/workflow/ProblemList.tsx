// The problems validate_workflow (or an upgrade) reports, one line each, named by stage/transition.
import { Alert, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemKey, type WorkflowProblem } from '../../lib/workflow';

export function ProblemList({ problems, testId = 'validation-errors', kind = 'error', title }: {
  problems: WorkflowProblem[]; testId?: string; kind?: 'error' | 'warning'; title?: string;
}) {
  const { t } = useTranslation();
  if (problems.length === 0) {
    return <Alert type="success" showIcon data-testid={`${testId}-none`} message={t('workflows.validation.valid')} />;
  }
  return (
    <Alert type={kind} showIcon data-testid={testId} data-count={problems.length}
      message={title ?? t('workflows.validation.count', { count: problems.length })}
      description={(
        <List size="small" dataSource={problems} renderItem={(p) => (
          <List.Item data-testid={`${testId}-item`} data-code={p.code} data-subject={p.subject ?? ''} style={{ paddingInline: 0 }}>
            <span>
              <Tag color={kind === 'error' ? 'red' : 'orange'}>{t(problemKey(p.code), p.code)}</Tag>
              {p.subject && <Typography.Text code dir="ltr">{p.subject}</Typography.Text>}{' '}
              <Typography.Text type="secondary" dir="ltr">{p.message}</Typography.Text>
            </span>
          </List.Item>
        )} />
      )} />
  );
}
