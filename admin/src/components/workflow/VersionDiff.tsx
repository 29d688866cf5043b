// The difference between two workflow versions: stages and transitions added, removed, changed.
import { Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localName } from '../../lib/format';
import { diffIsEmpty, type Change, type DefinitionDiff, type Stage, type Transition } from '../../lib/workflow';

type DiffLine = { kind: 'stage' | 'transition'; change: 'added' | 'removed' | 'changed'; item: Change<Stage> | Change<Transition> };
const COLOUR = { added: 'green', removed: 'red', changed: 'orange' } as const;

const brief = (v: unknown, lang: string) => {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'object' && !Array.isArray(v) && 'en' in (v as object)) return localName(v, lang); // a bilingual name
  if (Array.isArray(v)) return v.join(', ') || '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};

export function VersionDiff({ diff }: { diff: DefinitionDiff }) {
  const { t, i18n } = useTranslation();
  if (diffIsEmpty(diff)) return <Empty data-testid="diff-empty" description={t('workflows.versions.no_changes')} />;
  const rows: DiffLine[] = [];
  for (const change of ['added', 'removed', 'changed'] as const) {
    for (const item of diff.stages[change]) rows.push({ kind: 'stage', change, item });
    for (const item of diff.transitions[change]) rows.push({ kind: 'transition', change, item });
  }
  const nameOf = (r: DiffLine) => {
    const v = (r.item.after ?? r.item.before) as Stage & Transition;
    return r.kind === 'stage' ? localName(v.name, i18n.language) : localName(v.label, i18n.language);
  };
  return (
    <Table<DiffLine> size="small" data-testid="version-diff" pagination={false} rowKey={(r) => `${r.kind}:${r.item.key}`} dataSource={rows}
      onRow={(r) => ({ 'data-testid': 'diff-row', 'data-change': r.change, 'data-key': r.item.key } as any)}
      columns={[
        { title: t('workflows.versions.change'), width: 110, render: (_, r) => <Tag color={COLOUR[r.change]}>{t(`workflows.versions.changes.${r.change}`)}</Tag> },
        { title: t('workflows.versions.what'), width: 120, render: (_, r) => t(`workflows.versions.kinds.${r.kind}`) },
        { title: t('workflows.fields.code'), render: (_, r) => <Typography.Text code dir="ltr">{r.item.key}</Typography.Text> },
        { title: t('workflows.fields.name'), render: (_, r) => nameOf(r) || '—' },
        { title: t('workflows.versions.details'), render: (_, r) => r.change !== 'changed' ? '—' : (
          <div style={{ fontSize: 12 }}>
            {r.item.fields.map((f) => (
              <div key={f}><b>{f}</b>: <del>{brief((r.item.before as any)?.[f], i18n.language)}</del> → <ins>{brief((r.item.after as any)?.[f], i18n.language)}</ins></div>
            ))}
          </div>
        ) },
      ]} />
  );
}
