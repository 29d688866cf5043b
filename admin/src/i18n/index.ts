// Translation resources: one file per area, merged so keys read `area.key` (Refine's own keys,
// buttons.* / actions.* / notifications.* …, live at the top level in refine.json).
import enRefine from './en/refine.json';
import enCommon from './en/common.json';
import enAuth from './en/auth.json';
import enDashboard from './en/dashboard.json';
import enTenants from './en/tenants.json';
import enStaff from './en/staff.json';
import enAudit from './en/audit_log.json';
import enRoles from './en/roles.json';
import enImpersonation from './en/impersonation.json';
import enErrors from './en/errors.json';
import enWorkflows from './en/workflows.json';
import enPlans from './en/plans.json';
import enFlags from './en/flags.json';
import enBilling from './en/billing.json';
import enAuditLabels from './en/audit_labels.json';
import enCatalog from './en/catalog.json';
import enPlatform from './en/platform.json';
import enNotifications from './en/notifications.json';
import enSupport from './en/support.json';
import enOperations from './en/operations.json';
import enIntegrations from './en/integrations.json';
import arRefine from './ar/refine.json';
import arCommon from './ar/common.json';
import arAuth from './ar/auth.json';
import arDashboard from './ar/dashboard.json';
import arTenants from './ar/tenants.json';
import arStaff from './ar/staff.json';
import arAudit from './ar/audit_log.json';
import arRoles from './ar/roles.json';
import arImpersonation from './ar/impersonation.json';
import arErrors from './ar/errors.json';
import arWorkflows from './ar/workflows.json';
import arPlans from './ar/plans.json';
import arFlags from './ar/flags.json';
import arBilling from './ar/billing.json';
import arAuditLabels from './ar/audit_labels.json';
import arCatalog from './ar/catalog.json';
import arPlatform from './ar/platform.json';
import arNotifications from './ar/notifications.json';
import arSupport from './ar/support.json';
import arOperations from './ar/operations.json';
import arIntegrations from './ar/integrations.json';

export const resources = {
  en: {
    translation: {
      ...enRefine, common: enCommon, auth: enAuth, dashboard: enDashboard, tenants: enTenants, staff: enStaff,
      audit_log: enAudit, roles: enRoles, impersonation: enImpersonation, errors: enErrors,
      workflows: enWorkflows, workflow_analytics: enWorkflows.analytics,
      plans: enPlans, entitlement_report: enPlans.report, feature_flags: enFlags,
      billing: enBilling, billing_subscriptions: enBilling.subscriptions, billing_invoices: enBilling.invoices,
      billing_coupons: enBilling.coupons, billing_dunning: enBilling.dunning, billing_payments: enBilling.payments,
      billing_revenue: enBilling.revenue, audit_labels: enAuditLabels, catalog: enCatalog,
      platform: enPlatform, platform_settings: enPlatform.settings, platform_maintenance: enPlatform.maintenance,
      platform_announcements: enPlatform.announcements,
      notifications: enNotifications, notification_templates: enNotifications.templates, notification_outbox: enNotifications.outbox,
      support: enSupport, support_inbox: enSupport.inbox, support_kb: enSupport.kb, support_orders: enSupport.orders, support_admin: enSupport.admin,
      operations: enOperations, integrations: enIntegrations,
    },
  },
  ar: {
    translation: {
      ...arRefine, common: arCommon, auth: arAuth, dashboard: arDashboard, tenants: arTenants, staff: arStaff,
      audit_log: arAudit, roles: arRoles, impersonation: arImpersonation, errors: arErrors,
      workflows: arWorkflows, workflow_analytics: arWorkflows.analytics,
      plans: arPlans, entitlement_report: arPlans.report, feature_flags: arFlags,
      billing: arBilling, billing_subscriptions: arBilling.subscriptions, billing_invoices: arBilling.invoices,
      billing_coupons: arBilling.coupons, billing_dunning: arBilling.dunning, billing_payments: arBilling.payments,
      billing_revenue: arBilling.revenue, audit_labels: arAuditLabels, catalog: arCatalog,
      platform: arPlatform, platform_settings: arPlatform.settings, platform_maintenance: arPlatform.maintenance,
      platform_announcements: arPlatform.announcements,
      notifications: arNotifications, notification_templates: arNotifications.templates, notification_outbox: arNotifications.outbox,
      support: arSupport, support_inbox: arSupport.inbox, support_kb: arSupport.kb, support_orders: arSupport.orders, support_admin: arSupport.admin,
      operations: arOperations, integrations: arIntegrations,
    },
  },
} as const;

export type Lang = keyof typeof resources;
export const LANGS: Lang[] = ['en', 'ar'];
export const isRtl = (lang: string) => lang === 'ar';
