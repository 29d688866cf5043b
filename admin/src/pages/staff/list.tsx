import { List, useTable } from '@refinedev/antd';
import { useCan, useList } from '@refinedev/core';
import { App, Button, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, MoreOutlined, UserAddOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validValues } from '../../lib/forms';
import { StatusTag } from '../../components/StatusTag';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDateTime, localName } from '../../lib/format';
import { inviteStaffSchema } from '../../lib/schemas';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { describeError } from '../../lib/errors';
import { mailPasswordLink } from '../../providers/auth';
import type { StaffRow, RoleRow, LockoutRow as Lockout } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { StaffLocaleSelect } from '../notifications/StaffLocaleSelect';
import type { CsvColumn } from '../../lib/csv';


type PendingAction = { kind: 'disable' | 'enable' | 'unlock'; member: StaffRow } | null;

export function useRoles() {
  return useList<RoleRow>({ resource: 'platform_roles', pagination: { mode: 'off' }, sorters: [{ field: 'sort_order', order: 'asc' }] });
}

export function StaffList() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { tableProps, filters, sorters } = useTable<StaffRow>({
    resource: 'platform_staff', sorters: { initial: [{ field: 'email', order: 'asc' }] }, syncWithLocation: false,
  });
  const { result: roles } = useRoles();
  const { data: canManage } = useCan({ resource: 'staff', action: 'manage' });
  const { data: lockouts } = useRpcQuery<Lockout[]>('staff_lockouts');
  const locked = new Map((lockouts ?? []).map((l) => [l.user_id, l]));
  const roleOptions = (roles?.data ?? []).map((r) => ({ value: r.code, label: localName(r.name, i18n.language) }));

  const [inviteOpen, setInviteOpen] = useState(false);
  const [inviteForm] = Form.useForm();
  const invite = useRpcMutation('invite_staff', { successKey: 'staff.invited' });
  const [roleFor, setRoleFor] = useState<StaffRow | null>(null);
  const [roleForm] = Form.useForm();
  const changeRole = useRpcMutation('change_staff_role', { successKey: 'staff.role_changed' });
  const [pending, setPending] = useState<PendingAction>(null);
  const disable = useRpcMutation('disable_staff', { successKey: 'staff.disabled' });
  const enable = useRpcMutation('enable_staff', { successKey: 'staff.enabled' });
  const unlock = useRpcMutation('unlock_staff', { successKey: 'staff.unlocked' });
  const mutations = { disable, enable, unlock };

  // The invitation mail: a link to set a password (GoTrue's recovery mail with the project's template).
  const sendLink = async (email: string) => {
    try {
      await mailPasswordLink(email);
      message.success(t('staff.invite_mailed', { email }));
    } catch (e) {
      const d = describeError(e, t);
      message.error(d.description ? `${d.title} ${d.description}` : d.title);
    }
  };

  const submitInvite = async () => {
    const values = await validValues(inviteForm);
    if (!values) return;
    const parsed = inviteStaffSchema.safeParse(values);
    if (!parsed.success) {
      inviteForm.setFields(parsed.error.issues.map((i) => ({ name: i.path as any, errors: [t(i.message)] })));
      return;
    }
    invite.mutate({ email: parsed.data.email, role: parsed.data.role, display_name: parsed.data.display_name ?? null },
      { onSuccess: () => { setInviteOpen(false); inviteForm.resetFields(); void sendLink(parsed.data.email); } });
  };

  const csvColumns: CsvColumn<StaffRow>[] = [
    { title: t('staff.fields.display_name'), value: (r) => r.display_name },
    { title: t('staff.fields.email'), value: (r) => r.email },
    { title: t('staff.fields.role'), value: (r) => t(`staff.roles.${r.role_code}`, r.role_code) },
    { title: t('staff.fields.status'), value: (r) => t(`staff.status.${r.status}`, r.status) },
    { title: t('staff.locked'), value: (r) => locked.get(r.user_id)?.locked_until },
    { title: t('staff.fields.invited_at'), value: (r) => r.invited_at },
    { title: t('staff.fields.disabled_reason'), value: (r) => r.disabled_reason },
  ];
  return (
    <List headerButtons={<Space wrap>
      <ExportCsvButton list="staff" columns={csvColumns} source={{ resource: 'platform_staff', filters, sorters }} />
      {canManage?.can && (
        <Button type="primary" icon={<UserAddOutlined />} data-testid="staff-invite" onClick={() => setInviteOpen(true)}>{t('staff.invite')}</Button>
      )}
    </Space>}>
      <Table {...tableProps} rowKey="user_id" data-testid="staff-table">
        <Table.Column dataIndex="display_name" title={t('staff.fields.display_name')} render={(v) => v ?? '—'} />
        <Table.Column dataIndex="email" title={t('staff.fields.email')} sorter render={(v) => <span dir="ltr">{v}</span>} />
        <Table.Column dataIndex="role_code" title={t('staff.fields.role')} sorter
          render={(v: string) => <Tag color="blue">{t(`staff.roles.${v}`, v)}</Tag>} />
        <Table.Column dataIndex="status" title={t('staff.fields.status')} sorter
          render={(v: string, r: StaffRow) => (
            <Space>
              <StatusTag status={v} scope="staff.status" />
              {locked.has(r.user_id) && (
                <Tooltip title={t('staff.locked_until', { when: formatDateTime(locked.get(r.user_id)!.locked_until, i18n.language) })}>
                  <Tag icon={<LockOutlined />} color="red" data-testid={`locked-${r.email}`}>{t('staff.locked')}</Tag>
                </Tooltip>
              )}
            </Space>
          )} />
        <Table.Column dataIndex="locale" title={t('notifications.staff_locale.column')}
          render={(v: string, r: StaffRow) => <StaffLocaleSelect staffId={r.user_id} email={r.email} locale={v} canManage={!!canManage?.can} />} />
        <Table.Column dataIndex="invited_at" title={t('staff.fields.invited_at')} sorter render={(v) => formatDateTime(v, i18n.language)} />
        <Table.Column dataIndex="disabled_reason" title={t('staff.fields.disabled_reason')} render={(v) => v ?? '—'} />
        {canManage?.can && (
          <Table.Column key="actions" title={t('table.actions')} render={(_, r: StaffRow) => (
            <Dropdown trigger={['click']} menu={{
              items: [
                { key: 'role', label: t('staff.change_role'), onClick: () => { setRoleFor(r); roleForm.setFieldsValue({ role: r.role_code }); } },
                ...(r.status === 'invited' ? [{ key: 'resend', label: <span data-testid="staff-resend">{t('staff.resend_invite')}</span>, onClick: () => void sendLink(r.email) }] : []),
                r.status === 'disabled'
                  ? { key: 'enable', label: t('staff.enable'), onClick: () => setPending({ kind: 'enable', member: r }) }
                  : { key: 'disable', danger: true, label: t('staff.disable'), onClick: () => setPending({ kind: 'disable', member: r }) },
                ...(locked.has(r.user_id) ? [{ key: 'unlock', label: <span data-testid="staff-unlock">{t('staff.unlock')}</span>, onClick: () => setPending({ kind: 'unlock', member: r }) }] : []),
              ],
            }}>
              <Button size="small" icon={<MoreOutlined />} data-testid={`staff-actions-${r.email}`} />
            </Dropdown>
          )} />
        )}
      </Table>

      <Modal open={inviteOpen} title={t('staff.invite')} onCancel={() => setInviteOpen(false)} onOk={submitInvite}
        confirmLoading={invite.isPending} okText={t('staff.invite')} cancelText={t('buttons.cancel')} destroyOnHidden
        okButtonProps={{ 'data-testid': 'invite-ok' } as any}>
        <Typography.Paragraph type="secondary">{t('staff.invite_explain')}</Typography.Paragraph>
        <Form form={inviteForm} layout="vertical" initialValues={{ role: 'support' }}>
          <Form.Item name="email" label={t('staff.fields.email')} rules={[{ required: true, message: t('staff.validation.email') }]}>
            <Input dir="ltr" data-testid="invite-email" />
          </Form.Item>
          <Form.Item name="display_name" label={t('staff.fields.display_name')}><Input /></Form.Item>
          <Form.Item name="role" label={t('staff.fields.role')} rules={[{ required: true, message: t('staff.validation.role') }]}>
            <Select options={roleOptions} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={!!roleFor} title={t('staff.change_role_for', { name: roleFor?.display_name ?? roleFor?.email })}
        onCancel={() => setRoleFor(null)} confirmLoading={changeRole.isPending} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
        onOk={async () => {
          const v = await validValues(roleForm);
          if (!v) return;
          changeRole.mutate({ user_id: roleFor!.user_id, role: v.role, reason: v.reason }, { onSuccess: () => setRoleFor(null) });
        }}>
        <Form form={roleForm} layout="vertical">
          <Form.Item name="role" label={t('staff.fields.role')} rules={[{ required: true }]}><Select options={roleOptions} /></Form.Item>
          <Form.Item name="reason" label={t('common.reason_required')} rules={[{ required: true, whitespace: true, message: t('common.reason_missing') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>

      <ReasonModal
        open={!!pending}
        title={pending ? t(`staff.confirm.${pending.kind}`, { name: pending.member.display_name ?? pending.member.email }) : ''}
        reasonRequired={pending?.kind !== 'enable'}
        danger={pending?.kind === 'disable'}
        confirmLoading={pending ? mutations[pending.kind].isPending : false}
        onCancel={() => setPending(null)}
        onConfirm={({ reason }) => pending && mutations[pending.kind].mutate(
          { user_id: pending.member.user_id, reason: reason ?? null }, { onSuccess: () => setPending(null) })}
      />
    </List>
  );
}
