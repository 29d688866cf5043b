// The ticket page: the conversation (public replies and internal notes styled apart; notes never
// reach the tenant), the reply / note composer with canned replies, status, assignment (round-robin
// or a member, with each member's workload), tags, merge, the SLA timers and events, and the
// tenant context panel.
import { Show } from '@refinedev/antd';
import { useList, useOne } from '@refinedev/core';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Segmented, Select, Space, Tag, Timeline, Tooltip, Typography, Upload, type UploadFile } from 'antd';
import { LockOutlined, MessageOutlined, MergeCellsOutlined, PaperClipOutlined, TeamOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { numberRule } from '../../lib/numbers';
import { useRpcMutation, useRpcQuery, useShowError } from '../../lib/useRpc';
import { useStaffNames } from '../../lib/useStaffNames';
import type { SupportAttachmentRow, SupportInboxRow, SupportMacroRow, SupportMessageRow, SupportSlaEventRow, SupportTicketRow } from '../../types/rows';
import { ACCEPT, attachmentPath, MAX_FILES, precheck, signedUrl, uploadAttachment } from './attachments';
import { membersOf, nextStatuses, parseTags } from './model';
import { PriorityTag, SlaTag, TicketStatusTag, useSupportWrite } from './common';
import { ContextPanel } from './ContextPanel';
import type { InboxCounts } from './inbox';

/** A message's files: each downloads through a short-lived signed URL (the bucket is private). */
function Attachments({ files }: { files: SupportAttachmentRow[] }) {
  const { t, i18n } = useTranslation();
  const showError = useShowError();
  const open = async (a: SupportAttachmentRow) => {
    const url = await signedUrl(a.object_path, a.file_name);
    if (url) window.open(url, '_blank', 'noopener');
    else showError({ message: t('support.attachments.link_failed') });
  };
  return (
    <Space wrap size={4} style={{ marginTop: 6 }} data-testid="message-attachments">
      {files.map((a) => (
        <Button key={a.id} size="small" icon={<PaperClipOutlined />} onClick={() => void open(a)} data-testid={`attachment-${a.id}`}
          title={t('support.attachments.download', { name: a.file_name })}>
          <bdi>{a.file_name}</bdi>&nbsp;
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('support.attachments.kb', { n: formatNumber(Math.max(1, Math.round(Number(a.size_bytes) / 1024)), i18n.language) })}
          </Typography.Text>
        </Button>
      ))}
    </Space>
  );
}

function Message({ m, author, files }: { m: SupportMessageRow; author: string; files: SupportAttachmentRow[] }) {
  const { t, i18n } = useTranslation();
  const kind = m.internal ? 'note' : m.from_staff ? 'staff' : 'tenant';
  const style = m.internal
    ? { background: '#fffbe6', borderColor: '#ffe58f', borderStyle: 'dashed' as const }
    : m.from_staff ? { background: '#f0f7f4' } : {};
  return (
    <Card size="small" style={style} data-testid={`message-${m.id}`} data-kind={kind}>
      <Space size={6} wrap style={{ marginBottom: 4 }}>
        {m.internal ? <Tag icon={<LockOutlined />} color="gold">{t('support.thread.internal')}</Tag>
          : <Tag icon={<MessageOutlined />} color={m.from_staff ? 'green' : 'blue'}>{t(m.from_staff ? 'support.thread.staff' : 'support.thread.tenant')}</Tag>}
        <Typography.Text strong>{author}</Typography.Text>
        {m.from_address && <Typography.Text type="secondary" data-testid={`message-${m.id}-email`}>{t('support.unmatched.by_email', { address: m.from_address })}</Typography.Text>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(m.created_at, i18n.language)}</Typography.Text>
      </Space>
      {/* the message's own direction: an English reply reads left to right in the Arabic console */}
      <div style={{ whiteSpace: 'pre-wrap', unicodeBidi: 'plaintext', textAlign: 'start' }} dir="auto">{m.body}</div>
      {files.length > 0 && <Attachments files={files} />}
    </Card>
  );
}

function Composer({ ticket }: { ticket: SupportTicketRow }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [sending, setSending] = useState(false);
  const showError = useShowError();
  const reply = useRpcMutation<number>('reply_support_ticket', { successKey: 'support.thread.sent' });
  const attach = useRpcMutation('attach_support_file', { silentError: true });
  const macro = useRpcMutation('apply_support_macro', { successKey: 'support.thread.sent' });
  const { result: macros } = useList<SupportMacroRow>({ resource: 'support_macros', pagination: { mode: 'off' },
    filters: [{ field: 'active', operator: 'eq', value: true }], sorters: [{ field: 'code', order: 'asc' }] });
  const note = mode === 'note';
  // The reply first (its id), then each file: uploaded to Storage as the signed-in user and attached
  // to the reply. A refused file is reported by name; the reply and the other files stay.
  const send = async () => {
    setSending(true);
    try {
      const messageId = await reply.mutateAsync({ ticket_id: ticket.id, body: body.trim(), internal: note });
      for (const f of files) {
        const file = f.originFileObj as File;
        const path = attachmentPath(ticket.tenant_id, ticket.id, file.name);
        try {
          await uploadAttachment(path, file);
          await attach.mutateAsync({ ticket_id: ticket.id, message_id: messageId, object_path: path, file_name: file.name });
        } catch (err) {
          showError(err);
        }
      }
      setBody('');
      setFiles([]);
    } catch {
      // the reply's refusal is already shown by its mutation
    } finally {
      setSending(false);
    }
  };
  const pick = (file: File) => {
    const refused = precheck(file);
    if (refused) showError(refused);
    else if (files.length >= MAX_FILES) showError({ code: 'PT409', details: 'support.too_many_attachments', message: file.name });
    return refused || files.length >= MAX_FILES ? Upload.LIST_IGNORE : false;
  };
  return (
    <Card size="small" data-testid="composer" style={note ? { background: '#fffbe6', borderColor: '#ffe58f' } : undefined}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented value={mode} onChange={(v) => setMode(v as 'reply' | 'note')} data-testid="composer-mode"
          options={[{ value: 'reply', label: <span data-testid="composer-reply">{t('support.thread.reply')}</span> },
                    { value: 'note', label: <span data-testid="composer-note"><LockOutlined /> {t('support.thread.note')}</span> }]} />
        {note && <Typography.Text type="warning">{t('support.thread.note_hint')}</Typography.Text>}
        <Input.TextArea rows={4} value={body} maxLength={10000} onChange={(e) => setBody(e.target.value)} dir="auto"
          placeholder={t(note ? 'support.thread.note_placeholder' : 'support.thread.reply_placeholder')} data-testid="composer-body" />
        <Upload multiple accept={ACCEPT} fileList={files} beforeUpload={pick} onChange={({ fileList }) => setFiles(fileList)}
          data-testid="composer-files">
          <Tooltip title={t('support.attachments.hint')}>
            <Button icon={<PaperClipOutlined />} data-testid="composer-attach">{t('support.attachments.add')}</Button>
          </Tooltip>
        </Upload>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Select style={{ minWidth: 220 }} placeholder={t('support.thread.macro')} value={null} data-testid="composer-macro" disabled={macro.isPending}
            options={(macros?.data ?? []).map((m) => ({ value: m.code, label: localName(m.title, i18n.language) || m.code }))}
            onChange={(code) => macro.mutate({ ticket_id: ticket.id, code })} />
          <Button type="primary" onClick={() => void send()} disabled={!body.trim()} loading={sending} data-testid="composer-send">
            {t(note ? 'support.thread.add_note' : 'support.thread.send')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

function Properties({ ticket, canWrite }: { ticket: SupportTicketRow; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: counts } = useRpcQuery<InboxCounts>('support_inbox_counts');
  const groups = counts?.groups ?? [];
  const { result: groupRow } = useOne<{ code: string }>({ resource: 'support_groups', id: ticket.group_id ?? '', queryOptions: { enabled: !!ticket.group_id } });
  const [group, setGroup] = useState<string | undefined>();
  const groupCode = group ?? groupRow?.code ?? groups[0]?.code;
  const status = useRpcMutation('set_support_ticket_status', { successKey: 'support.ticket.status_changed' });
  const assign = useRpcMutation<string>('assign_support_ticket', { successKey: 'support.ticket.assigned' });
  const tags = useRpcMutation('set_support_ticket_tags', { successKey: 'support.ticket.tags_saved' });
  const members = membersOf(counts?.agents ?? [], groupCode);
  const moves = nextStatuses(ticket.status, !!ticket.merged_into);
  return (
    <Card size="small" title={t('support.ticket.properties')} data-testid="ticket-properties">
      <Form layout="vertical" disabled={!canWrite}>
        <Form.Item label={t('support.fields.status')}>
          <Select value={null} placeholder={t(`support.status.${ticket.status}`)} data-testid="ticket-status" disabled={!canWrite || moves.length === 0}
            options={moves.map((s) => ({ value: s, label: t(ticket.status === 'solved' || ticket.status === 'closed' ? `support.move.${s}` : `support.status.${s}`) }))}
            onChange={(s) => status.mutate({ ticket_id: ticket.id, status: s })} />
        </Form.Item>
        <Form.Item label={<Space><TeamOutlined />{t('support.fields.group')}</Space>}>
          <Select value={groupCode} onChange={setGroup} data-testid="ticket-group"
            options={groups.map((g) => ({ value: g.code, label: `${localName(g.name, lang)} (${formatNumber(g.open, lang)})` }))} />
        </Form.Item>
        <Form.Item label={t('support.fields.assignee')} extra={t('support.ticket.workload_hint')}>
          <Space.Compact style={{ width: '100%' }}>
            <Select style={{ flex: 1, minWidth: 0 }} value={ticket.assignee_id ?? undefined} data-testid="ticket-assignee" placeholder={t('support.unassigned')}
              disabled={!canWrite || !groupCode}
              options={members.map((m) => ({ value: m.staff_id, label: `${m.name || m.email} · ${t('support.ticket.open_count', { n: formatNumber(m.open, lang) })}` }))}
              onChange={(id) => assign.mutate({ ticket_id: ticket.id, group_code: groupCode, assignee_id: id })} />
            <Tooltip title={t('support.ticket.round_robin_hint')}>
              <Button onClick={() => assign.mutate({ ticket_id: ticket.id, group_code: groupCode, assignee_id: null })}
                disabled={!canWrite || !groupCode} loading={assign.isPending} data-testid="ticket-round-robin">{t('support.ticket.round_robin')}</Button>
            </Tooltip>
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('support.fields.tags')}>
          <Select mode="tags" value={ticket.tags} tokenSeparators={[',', ' ', '،']} data-testid="ticket-tags"
            onChange={(v: string[]) => tags.mutate({ ticket_id: ticket.id, tags: parseTags(v.join(',')) })} />
        </Form.Item>
      </Form>
    </Card>
  );
}

function MergeButton({ ticket }: { ticket: SupportTicketRow }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const merge = useRpcMutation('merge_support_tickets', { successKey: 'support.ticket.merged' });
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    merge.mutate({ source_id: ticket.id, target_id: v.target_id, reason: v.reason?.trim() || null }, { onSuccess: () => setOpen(false) });
  };
  return (
    <>
      <Button icon={<MergeCellsOutlined />} onClick={() => setOpen(true)} data-testid="ticket-merge" disabled={!!ticket.merged_into}>{t('support.ticket.merge')}</Button>
      <Modal open={open} title={t('support.ticket.merge_title', { id: ticket.id })} onCancel={() => setOpen(false)} onOk={submit}
        okText={t('support.ticket.merge')} cancelText={t('buttons.cancel')} confirmLoading={merge.isPending} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('support.ticket.merge_explain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="target_id" label={t('support.ticket.merge_into')} rules={[numberRule({ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true, required: true }, t)]}>
            <InputNumber style={{ width: '100%' }} data-testid="merge-target" />
          </Form.Item>
          <Form.Item name="reason" label={t('support.fields.reason')}><Input maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function SlaCard({ ticket, sla }: { ticket: SupportTicketRow; sla?: SupportInboxRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { result: events } = useList<SupportSlaEventRow>({ resource: 'support_sla_events', pagination: { mode: 'off' },
    filters: [{ field: 'ticket_id', operator: 'eq', value: ticket.id }], sorters: [{ field: 'id', order: 'asc' }] });
  return (
    <Card size="small" title={<Space>{t('support.sla.title')}<SlaTag state={sla?.sla_state ?? null} due={sla?.next_due_at} /></Space>} data-testid="ticket-sla">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('support.sla.first_response')}>
          {ticket.first_responded_at ? `${t('support.sla.responded')} ${formatDateTime(ticket.first_responded_at, lang)}` : formatDateTime(ticket.first_response_due_at, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.sla.resolution')}>{formatDateTime(ticket.resolution_due_at, lang)}</Descriptions.Item>
        {ticket.sla_paused_at && <Descriptions.Item label={t('support.sla.paused_since')}>{formatDateTime(ticket.sla_paused_at, lang)}</Descriptions.Item>}
      </Descriptions>
      <Timeline style={{ marginTop: 12 }} data-testid="sla-events" items={(events?.data ?? []).map((e) => ({
        color: e.kind.endsWith('breached') ? 'red' : e.kind.endsWith('met') ? 'green' : e.kind === 'warned' || e.kind === 'escalated' ? 'orange' : 'gray',
        children: <span data-kind={e.kind}>{t(`support.sla.events.${e.kind}`, e.kind)} · <Typography.Text type="secondary">{formatDateTime(e.at, lang)}</Typography.Text></span>,
      }))} />
    </Card>
  );
}

export function SupportTicketShow() {
  const { id } = useParams();
  const ticketId = Number(id);
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const canWrite = useSupportWrite();
  const { result: ticket, query } = useOne<SupportTicketRow>({ resource: 'support_tickets', id: ticketId });
  const { data: slaRows } = useRpcQuery<SupportInboxRow[]>('support_inbox', { view: 'all', ticket_id: ticketId }, { enabled: Number.isFinite(ticketId) });
  const { result: messages } = useList<SupportMessageRow>({ resource: 'support_messages', pagination: { mode: 'off' },
    filters: [{ field: 'ticket_id', operator: 'eq', value: ticketId }], sorters: [{ field: 'id', order: 'asc' }] });
  const { result: attachments } = useList<SupportAttachmentRow>({ resource: 'support_attachments', pagination: { mode: 'off' },
    filters: [{ field: 'ticket_id', operator: 'eq', value: ticketId }], sorters: [{ field: 'id', order: 'asc' }] });
  const filesOf = (messageId: number) => (attachments?.data ?? []).filter((a) => a.message_id === messageId);
  const names = useStaffNames((messages?.data ?? []).filter((m) => m.from_staff).map((m) => m.author_id));
  const reopen = useRpcMutation('set_support_ticket_status', { successKey: 'support.ticket.status_changed' });
  if (query.isError) return <Alert type="error" showIcon message={t('support.load_failed')} />;
  const tk = ticket;
  return (
    <Show isLoading={query.isLoading} title={tk ? <span>#{formatNumber(tk.id, lang)} <bdi>{tk.subject}</bdi></span> : ''} canEdit={false} canDelete={false}
      headerButtons={tk && canWrite ? [
        ...((tk.status === 'solved' || tk.status === 'closed') && !tk.merged_into ? [
          <Button key="reopen" onClick={() => reopen.mutate({ ticket_id: tk.id, status: 'open' })} data-testid="ticket-reopen">{t('support.ticket.reopen')}</Button>] : []),
        <MergeButton key="merge" ticket={tk} />,
      ] : []}>
      {tk && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={15} xl={16}>
            <Space direction="vertical" style={{ width: '100%' }} size="middle">
              <Space wrap data-testid="ticket-header">
                <TicketStatusTag status={tk.status} /><PriorityTag priority={tk.priority} />
                <Tag>{t(`support.category.${tk.category}`)}</Tag>
                {tk.merged_into && <Tag color="purple">{t('support.ticket.merged_into', { id: tk.merged_into })}</Tag>}
                {tk.opened_by_staff && <Tag>{t('support.ticket.opened_by_staff')}</Tag>}
                {tk.requester_email && (
                  <Typography.Text type="secondary" data-testid="ticket-requester-email">
                    {t('support.fields.requester')}: <bdi>{tk.requester_email}</bdi>
                  </Typography.Text>)}
              </Space>
              <div data-testid="thread" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                {(messages?.data ?? []).length === 0 && <Empty />}
                {(messages?.data ?? []).map((m) => (
                  <Message key={m.id} m={m} files={filesOf(m.id)} author={m.from_staff ? (names.get(m.author_id ?? '') ?? t('support.thread.system')) : t('support.thread.customer')} />
                ))}
              </div>
              {canWrite && tk.status !== 'closed' && <Composer ticket={tk} />}
              {!canWrite && <Alert type="info" showIcon message={t('support.read_only')} data-testid="support-read-only" />}
            </Space>
          </Col>
          <Col xs={24} lg={9} xl={8}>
            <Space direction="vertical" style={{ width: '100%' }} size="middle">
              <Properties ticket={tk} canWrite={canWrite} />
              <SlaCard ticket={tk} sla={slaRows?.[0]} />
              <ContextPanel tenantId={tk.tenant_id} ticketId={tk.id} subject={tk.subject} />
            </Space>
          </Col>
        </Row>
      )}
    </Show>
  );
}
