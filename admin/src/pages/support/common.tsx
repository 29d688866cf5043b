// Small shared pieces of the support screens: tags for status, priority and SLA state, the
// support.write check, and the bilingual pick of a {en, ar} text.
import { useCan } from '@refinedev/core';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { PRIORITY_COLOR, SLA_COLOR, STATUS_COLOR } from './model';

export function TicketStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]} data-status={status}>{t(`support.status.${status}`, status)}</Tag>;
}

export function PriorityTag({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLOR[priority]} data-priority={priority}>{t(`support.priority.${priority}`, priority)}</Tag>;
}

/** The SLA state as SQL computed it (support_inbox.sla_state), with the next due time on hover. */
export function SlaTag({ state, due }: { state: string | null; due?: string | null }) {
  const { t, i18n } = useTranslation();
  if (!state) return null;
  const tag = <Tag color={SLA_COLOR[state]} data-sla={state}>{t(`support.sla.${state}`, state)}</Tag>;
  return due ? <Tooltip title={`${t('support.sla.due')}: ${formatDateTime(due, i18n.language)}`}>{tag}</Tooltip> : tag;
}

/** Whether the signed-in staff member may work tickets (support.write); without it screens are read-only. */
export function useSupportWrite(): boolean {
  const { data } = useCan({ resource: 'support', action: 'write' });
  return !!data?.can;
}
