import { Refine, Authenticated } from '@refinedev/core';
import { ThemedLayout, ThemedSider, useNotificationProvider, ErrorComponent } from '@refinedev/antd';
import routerProvider, {
  CatchAllNavigate, DocumentTitleHandler, NavigateToResource, UnsavedChangesNotifier,
} from '@refinedev/react-router';
import { dataProvider } from '@refinedev/supabase';
import { App as AntdApp, ConfigProvider } from 'antd';
import { motionToken, usePrefersReducedMotion } from './lib/reducedMotion';
import enUS from 'antd/locale/en_US';
import arEG from 'antd/locale/ar_EG';
import { AuditOutlined, DashboardOutlined, ShopOutlined, TeamOutlined, SafetyOutlined, ApartmentOutlined, BarChartOutlined } from '@ant-design/icons';
import { BrowserRouter, Outlet, Route, Routes, useNavigate } from 'react-router';
import { useEffect, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import '@refinedev/antd/dist/reset.css';

import { supabase } from './providers/supabase';
import { authProvider } from './providers/auth';
import { withTranslatedErrors } from './providers/data';
import { accessControlProvider } from './providers/access';
import { i18nProvider } from './providers/i18n';
import { clearProfile } from './providers/profile';
import { Header, Title } from './components/Header';
import { MenuButtonClearance } from './components/MenuButtonClearance';
import { ImpersonationBanner, ImpersonationWatermark } from './components/ImpersonationBanner';
import { LoginPage } from './pages/login';
import { SetPasswordPage } from './pages/set-password';
import { UnsubscribePage } from './pages/unsubscribe';
import { CsatSurveyPage } from './pages/support/csat-survey';
import { DashboardPage } from './pages/dashboard';
import { TenantList } from './pages/tenants/list';
import { TenantCreate } from './pages/tenants/create';
import { TenantEdit } from './pages/tenants/edit';
import { TenantShow } from './pages/tenants/show';
import { StaffList } from './pages/staff/list';
import { RolesList } from './pages/staff/roles';
import { AuditList } from './pages/audit/list';
import { WorkflowList } from './pages/workflows/list';
import { WorkflowShow } from './pages/workflows/show';
import { WorkflowAnalytics } from './pages/workflows/analytics';
import { PlanList } from './pages/plans/list';
import { PlanCreate, PlanEdit } from './pages/plans/edit';
import { FlagList } from './pages/flags/list';
import { CatalogPage } from './pages/catalog';
import { FlagCreate, FlagEdit } from './pages/flags/edit';
import { UsageReport } from './pages/reports/usage';
import { NotificationTemplates } from './pages/notifications/templates';
import { NotificationOutbox } from './pages/notifications/outbox';
import { MailOutlined, SendOutlined, FormOutlined } from '@ant-design/icons';
import { AppstoreOutlined, CreditCardOutlined, FlagOutlined, PieChartOutlined } from '@ant-design/icons';
import { AlertOutlined, DollarOutlined, FileTextOutlined, LineChartOutlined, SyncOutlined, TagsOutlined, WalletOutlined } from '@ant-design/icons';
import { SubscriptionList } from './pages/billing/subscriptions';
import { InvoiceList } from './pages/billing/invoices/list';
import { InvoiceShow } from './pages/billing/invoices/show';
import { InvoicePrint } from './pages/billing/invoices/print';
import { CouponList } from './pages/billing/coupons';
import { DunningBoard } from './pages/billing/dunning';
import { PaymentList } from './pages/billing/payments';
import { RevenuePage } from './pages/billing/revenue';
import { PlatformSettingsPage } from './pages/platform/settings';
import { MaintenancePage } from './pages/platform/maintenance';
import { AnnouncementsPage } from './pages/platform/announcements';
import { MaintenanceBanner } from './components/MaintenanceBanner';
import { ControlOutlined, NotificationOutlined, SettingOutlined, ToolOutlined } from '@ant-design/icons';
import { CustomerServiceOutlined, InboxOutlined, ReadOutlined, SearchOutlined } from '@ant-design/icons';
import { SupportInbox } from './pages/support/inbox';
import { SupportTicketShow } from './pages/support/ticket';
import { KnowledgeBase } from './pages/support/kb';
import { OrderSearch } from './pages/support/orders';
import { SupportAdmin } from './pages/support/admin';
import { OperationsPage } from './pages/operations';
import { ApiOutlined, MonitorOutlined } from '@ant-design/icons';
import { IntegrationsPage } from './pages/integrations';

const data = withTranslatedErrors(dataProvider(supabase));

/** The menu without Refine's own Sign out item: the header has the one Sign out button. */
function Sider(props: ComponentProps<typeof ThemedSider>) {
  return <ThemedSider {...props} render={({ items }) => <>{items}</>} />;
}

/** Session expiry or sign-out elsewhere: back to the login page. */
function SessionWatcher() {
  const navigate = useNavigate();
  useEffect(() => {
    const { data: sub } = supabase.auth.onAuthStateChange((event) => {
      if (event === 'SIGNED_OUT') {
        clearProfile();
        if (!window.location.pathname.startsWith('/login')) navigate('/login?expired=1');
      }
    });
    return () => sub.subscription.unsubscribe();
  }, [navigate]);
  return null;
}

export default function App() {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'ar';
  const reducedMotion = usePrefersReducedMotion();
  return (
    <BrowserRouter>
      <ConfigProvider direction={rtl ? 'rtl' : 'ltr'} locale={rtl ? arEG : enUS}
        theme={{ token: { colorPrimary: '#0b6e4f', fontFamily: rtl ? "'Noto Sans Arabic', Tahoma, system-ui, sans-serif" : undefined,
          ...motionToken(reducedMotion) } }}>
        <AntdApp>
          <Refine
            dataProvider={data}
            authProvider={authProvider}
            accessControlProvider={accessControlProvider}
            i18nProvider={i18nProvider}
            routerProvider={routerProvider}
            notificationProvider={useNotificationProvider}
            resources={[
              { name: 'dashboard', list: '/', meta: { icon: <DashboardOutlined /> } },
              { name: 'tenants', list: '/tenants', create: '/tenants/create', edit: '/tenants/edit/:id',
                show: '/tenants/show/:id', meta: { icon: <ShopOutlined /> } },
              { name: 'staff', list: '/staff', meta: { icon: <TeamOutlined /> } },
              { name: 'roles', list: '/roles', meta: { icon: <SafetyOutlined /> } },
              { name: 'audit_log', list: '/audit', meta: { icon: <AuditOutlined /> } },
              { name: 'workflows', list: '/workflows', show: '/workflows/show/:id', meta: { icon: <ApartmentOutlined /> } },
              { name: 'workflow_analytics', list: '/workflows/analytics', meta: { icon: <BarChartOutlined /> } },
              { name: 'plans', list: '/plans', create: '/plans/create', edit: '/plans/edit/:id', meta: { icon: <CreditCardOutlined /> } },
              { name: 'entitlement_report', list: '/reports/entitlements', meta: { icon: <PieChartOutlined /> } },
              { name: 'feature_flags', list: '/flags', create: '/flags/create', edit: '/flags/edit/:id', meta: { icon: <FlagOutlined /> } },
              { name: 'catalog', list: '/catalog', meta: { icon: <AppstoreOutlined /> } },
              { name: 'billing', meta: { icon: <DollarOutlined /> } },
              { name: 'billing_subscriptions', list: '/billing/subscriptions', meta: { parent: 'billing', icon: <SyncOutlined /> } },
              { name: 'billing_invoices', list: '/billing/invoices', show: '/billing/invoices/show/:id', meta: { parent: 'billing', icon: <FileTextOutlined /> } },
              { name: 'billing_coupons', list: '/billing/coupons', meta: { parent: 'billing', icon: <TagsOutlined /> } },
              { name: 'billing_dunning', list: '/billing/dunning', meta: { parent: 'billing', icon: <AlertOutlined /> } },
              { name: 'billing_payments', list: '/billing/payments', meta: { parent: 'billing', icon: <WalletOutlined /> } },
              { name: 'billing_revenue', list: '/billing/revenue', meta: { parent: 'billing', icon: <LineChartOutlined /> } },
              { name: 'platform', meta: { icon: <ControlOutlined /> } },
              { name: 'platform_settings', list: '/platform/settings', meta: { parent: 'platform', icon: <SettingOutlined /> } },
              { name: 'platform_maintenance', list: '/platform/maintenance', meta: { parent: 'platform', icon: <ToolOutlined /> } },
              { name: 'platform_announcements', list: '/platform/announcements', meta: { parent: 'platform', icon: <NotificationOutlined /> } },
              { name: 'notifications', meta: { icon: <MailOutlined /> } },
              { name: 'notification_outbox', list: '/notifications/outbox', meta: { parent: 'notifications', icon: <SendOutlined /> } },
              { name: 'notification_templates', list: '/notifications/templates', meta: { parent: 'notifications', icon: <FormOutlined /> } },
              { name: 'support', meta: { icon: <CustomerServiceOutlined /> } },
              { name: 'support_inbox', list: '/support', show: '/support/tickets/:id', meta: { parent: 'support', icon: <InboxOutlined /> } },
              { name: 'support_kb', list: '/support/kb', meta: { parent: 'support', icon: <ReadOutlined /> } },
              { name: 'support_orders', list: '/support/orders', meta: { parent: 'support', icon: <SearchOutlined /> } },
              { name: 'support_admin', list: '/support/admin', meta: { parent: 'support', icon: <SettingOutlined /> } },
              { name: 'operations', list: '/operations', meta: { icon: <MonitorOutlined /> } },
              { name: 'integrations', list: '/integrations', meta: { icon: <ApiOutlined /> } },
            ]}
            options={{ syncWithLocation: true, warnWhenUnsavedChanges: true, disableTelemetry: true,
              projectId: 'cleanmatex-hq' }}
          >
            <SessionWatcher />
            <Routes>
              <Route element={
                <Authenticated key="app" fallback={<CatchAllNavigate to="/login" />}>
                  <ThemedLayout Header={Header} Title={Title} Sider={Sider}>
                    <MenuButtonClearance>
                      <ImpersonationBanner />
                      <MaintenanceBanner />
                      <ImpersonationWatermark><Outlet /></ImpersonationWatermark>
                    </MenuButtonClearance>
                  </ThemedLayout>
                </Authenticated>
              }>
                <Route index element={<DashboardPage />} />
                <Route path="/tenants">
                  <Route index element={<TenantList />} />
                  <Route path="create" element={<TenantCreate />} />
                  <Route path="edit/:id" element={<TenantEdit />} />
                  <Route path="show/:id" element={<TenantShow />} />
                </Route>
                <Route path="/staff" element={<StaffList />} />
                <Route path="/roles" element={<RolesList />} />
                <Route path="/audit" element={<AuditList />} />
                <Route path="/workflows">
                  <Route index element={<WorkflowList />} />
                  <Route path="show/:id" element={<WorkflowShow />} />
                  <Route path="analytics" element={<WorkflowAnalytics />} />
                </Route>
                <Route path="/plans">
                  <Route index element={<PlanList />} />
                  <Route path="create" element={<PlanCreate />} />
                  <Route path="edit/:id" element={<PlanEdit />} />
                </Route>
                <Route path="/reports/entitlements" element={<UsageReport />} />
                <Route path="/flags">
                  <Route index element={<FlagList />} />
                  <Route path="create" element={<FlagCreate />} />
                  <Route path="edit/:id" element={<FlagEdit />} />
                </Route>
                <Route path="/catalog" element={<CatalogPage />} />
                <Route path="/billing">
                  <Route path="subscriptions" element={<SubscriptionList />} />
                  <Route path="invoices" element={<InvoiceList />} />
                  <Route path="invoices/show/:id" element={<InvoiceShow />} />
                  <Route path="coupons" element={<CouponList />} />
                  <Route path="dunning" element={<DunningBoard />} />
                  <Route path="payments" element={<PaymentList />} />
                  <Route path="revenue" element={<RevenuePage />} />
                </Route>
                <Route path="/platform">
                  <Route path="settings" element={<PlatformSettingsPage />} />
                  <Route path="maintenance" element={<MaintenancePage />} />
                  <Route path="announcements" element={<AnnouncementsPage />} />
                </Route>
                <Route path="/notifications">
                  <Route path="outbox" element={<NotificationOutbox />} />
                  <Route path="templates" element={<NotificationTemplates />} />
                </Route>
                <Route path="/support">
                  <Route index element={<SupportInbox />} />
                  <Route path="tickets/:id" element={<SupportTicketShow />} />
                  <Route path="kb" element={<KnowledgeBase />} />
                  <Route path="orders" element={<OrderSearch />} />
                  <Route path="admin" element={<SupportAdmin />} />
                </Route>
                <Route path="/operations" element={<OperationsPage />} />
                <Route path="/integrations" element={<IntegrationsPage />} />
                <Route path="*" element={<ErrorComponent />} />
              </Route>
              {/* print-friendly pages: signed in, without the console's layout */}
              <Route element={<Authenticated key="print" fallback={<CatchAllNavigate to="/login" />}><Outlet /></Authenticated>}>
                <Route path="/billing/invoices/print/:id" element={<InvoicePrint />} />
              </Route>
              {/* mailed links (invitation, forgot password) land here, signed in or not */}
              <Route path="/set-password" element={<SetPasswordPage />} />
              {/* the unsubscribe link of a non-transactional e-mail */}
              <Route path="/unsubscribe" element={<UnsubscribePage />} />
              {/* the CSAT survey link of a solved-ticket e-mail (anonymous, token-signed) */}
              <Route path="/csat" element={<CsatSurveyPage />} />
              <Route element={
                <Authenticated key="auth" fallback={<Outlet />}>
                  <NavigateToResource resource="dashboard" />
                </Authenticated>
              }>
                <Route path="/login" element={<LoginPage />} />
              </Route>
            </Routes>
            <UnsavedChangesNotifier />
            <DocumentTitleHandler handler={({ resource, action }) => {
              const name = resource?.name;
              const page = name ? t(`${name}.titles.${action ?? 'list'}`, '') : '';
              return page ? `${page} | ${t('common.app_name')}` : t('common.app_name');
            }} />
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}
