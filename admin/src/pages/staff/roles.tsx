// The role → permission matrix (read-only here: it is changed by migrations).
import { List } from '@refinedev/antd';
import { useList } from '@refinedev/core';
import { Table, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { localName } from '../../lib/format';
import { useRoles } from './list';
import type { PermissionRow as Perm, RolePermissionRow as RP } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';


export function RolesList() {
  const { t, i18n } = useTranslation();
  const { result: roles, query: rq } = useRoles();
  const { result: perms } = useList<Perm>({ resource: 'permissions', pagination: { mode: 'off' }, sorters: [{ field: 'code', order: 'asc' }] });
  const { result: matrix } = useList<RP>({ resource: 'role_permissions', pagination: { mode: 'off' }, meta: { select: 'role_code,permission_code' } });
  const granted = new Set((matrix?.data ?? []).map((m) => `${m.role_code}|${m.permission_code}`));
  const roleList = roles?.data ?? [];
  const csvColumns: CsvColumn<Perm>[] = [
    { title: t('roles.permission'), value: (p) => p.code },
    { title: t('roles.description'), value: (p) => localName(p.description, i18n.language) },
    ...roleList.map((r) => ({ title: localName(r.name, i18n.language), value: (p: Perm) => (granted.has(`${r.code}|${p.code}`) ? '✓' : '') })),
  ];
  return (
    <List headerButtons={<ExportCsvButton list="roles" columns={csvColumns} source={{ rows: perms?.data ?? [] }} />}>
      <Table<Perm> rowKey="code" size="small" loading={rq.isLoading} dataSource={perms?.data ?? []} pagination={false}
        scroll={{ x: 900 }} data-testid="roles-matrix">
        <Table.Column<Perm> key="perm" title={t('roles.permission')} fixed="left" render={(_, p) => (
          <>
            <Typography.Text code dir="ltr">{p.code}</Typography.Text>
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{localName(p.description, i18n.language)}</Typography.Text></div>
          </>
        )} />
        {roleList.map((r) => (
          <Table.Column<Perm> key={r.code} align="center"
            title={<>{localName(r.name, i18n.language)}{r.read_only && <div><Tag>{t('roles.read_only')}</Tag></div>}</>}
            render={(_, p) => (granted.has(`${r.code}|${p.code}`) ? <CheckOutlined style={{ color: '#52c41a' }} /> : null)} />
        ))}
      </Table>
    </List>
  );
}
