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
import enOperations from './en/operations.json';
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
import arOperations from './ar/operations.json';

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
      operations: enOperations,
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
      operations: arOperations,
    },
  },
} as const;

export type Lang = keyof typeof resources;
export const LANGS: Lang[] = ['en', 'ar'];
export const isRtl = (lang: string) => lang === 'ar';
