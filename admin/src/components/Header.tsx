import { Grid, Layout, Space, Button, Tag, Typography, theme } from 'antd';
import { LogoutOutlined, SkinOutlined } from '@ant-design/icons';
import { useGetIdentity, useLogout } from '@refinedev/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

interface Identity { id: string; name: string; email: string; role: string }

export function Header() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { data: user } = useGetIdentity<Identity>();
  const { mutate: logout } = useLogout();
  // A phone's width (below md): the name goes (the role stays, the name on hover) and Sign out
  // shows its icon alone, so the header keeps to one line inside the window.
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <Layout.Header style={{ background: token.colorBgElevated, display: 'flex', justifyContent: 'flex-end',
      alignItems: 'center', padding: narrow ? '0 12px' : '0 24px', height: 64, position: 'sticky', top: 0, zIndex: 30,
      borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
      <Space size={narrow ? 'small' : 'middle'}>
        <LanguageSwitch />
        {user && (
          <Space size={4} data-testid="current-user" title={narrow ? user.name : undefined}>
            {!narrow && <Typography.Text strong>{user.name}</Typography.Text>}
            <Tag color="blue">{t(`staff.roles.${user.role}`, user.role)}</Tag>
          </Space>
        )}
        <Button icon={<LogoutOutlined />} data-testid="logout" aria-label={t('buttons.logout')} onClick={() => logout()}>
          {narrow ? null : t('buttons.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}

export function Title({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Space style={{ padding: '0 8px', whiteSpace: 'nowrap' }}>
      <SkinOutlined style={{ fontSize: 22, color: '#0b6e4f' }} aria-hidden />
      {!collapsed && <Typography.Text strong style={{ fontSize: 15, whiteSpace: 'nowrap' }}>{t('common.app_name')}</Typography.Text>}
    </Space>
  );
}
