// Access control from the staff member's permissions (my_staff_profile().permissions). The UI
// hides what the role lacks; the database refuses anyway.
import type { AccessControlProvider } from '@refinedev/core';
import { getProfile } from './profile';

/** resource → action → permission code. Unknown pairs are refused. */
export const PERMISSION_MAP: Record<string, Record<string, string>> = {
  dashboard: { list: 'tenants.read', analytics: 'analytics.read' },
  tenants: {
    list: 'tenants.read', show: 'tenants.read', create: 'tenants.write', edit: 'tenants.write',
    lifecycle: 'tenants.lifecycle', retry_provisioning: 'tenants.lifecycle',
    impersonate: 'impersonate.start', impersonate_full: 'impersonate.full',
  },
  staff: {
    list: 'staff.read', show: 'staff.read', create: 'staff.manage', edit: 'staff.manage', manage: 'staff.manage',
  },
  roles: { list: 'staff.read', show: 'staff.read' },
  audit_log: { list: 'audit.read', show: 'audit.read' },
  workflows: {
    list: 'workflows.read', show: 'workflows.read', create: 'workflows.write', edit: 'workflows.write',
    publish: 'workflows.write', override: 'workflows.write', upgrade: 'workflows.write',
  },
  workflow_analytics: { list: 'workflows.read' },
  plans: { list: 'plans.read', show: 'plans.read', create: 'plans.write', edit: 'plans.write', archive: 'plans.write' },
  entitlement_report: { list: 'plans.read' },
  feature_flags: { list: 'flags.read', show: 'flags.read', create: 'flags.write', edit: 'flags.write', kill: 'flags.write' },
  catalog: { list: 'catalogs.read', show: 'catalogs.read', edit: 'catalogs.write', publish: 'catalogs.write', sync: 'catalogs.write' },
  // billing (issue 8): read screens need billing.read, every action billing.write
  billing: { list: 'billing.read' },
  billing_subscriptions: { list: 'billing.read', show: 'billing.read', create: 'billing.write', edit: 'billing.write' },
  billing_invoices: { list: 'billing.read', show: 'billing.read', create: 'billing.write', edit: 'billing.write' },
  billing_coupons: { list: 'billing.read', create: 'billing.write', archive: 'billing.write' },
  billing_dunning: { list: 'billing.read', advance: 'billing.write' },
  billing_payments: { list: 'billing.read', raw_event: 'billing.write' },
  billing_revenue: { list: 'billing.read' },
  // platform configuration (issue 17 §6): read screens need settings.read, every change settings.write
  platform: { list: 'settings.read' },
  platform_settings: { list: 'settings.read', edit: 'settings.write' },
  platform_maintenance: { list: 'settings.read', edit: 'settings.write' },
  platform_announcements: { list: 'settings.read', create: 'settings.write', edit: 'settings.write' },
  // notifications (issue 17 §7): settings.read to read, settings.write to change
  notifications: { list: 'settings.read' },
  notification_templates: { list: 'settings.read', edit: 'settings.write' },
  notification_outbox: { list: 'settings.read', retry: 'settings.write', lift_suppression: 'settings.write' },
  // support desk (issue 19): every screen needs support.read, every change support.write
  support: { list: 'support.read', show: 'support.read', write: 'support.write' },
  support_inbox: { list: 'support.read', show: 'support.read', create: 'support.write' },
  support_kb: { list: 'support.read', edit: 'support.write' },
  support_orders: { list: 'support.read' },
  support_admin: { list: 'support.read', edit: 'support.write' },
  // operations console (issue 20): auditors read queues, schedules and history; operators act
  operations: { list: 'jobs.read', operate: 'jobs.operate' },
  // developer portal (issue 18 §6): settings.read to read, settings.write to change (as the SQL checks)
  integrations: { list: 'settings.read', write: 'settings.write' },
};

export function permissionFor(resource: string | undefined, action: string): string | null {
  if (!resource) return null;
  return PERMISSION_MAP[resource]?.[action] ?? null;
}

export function canAccess(permissions: readonly string[], resource: string | undefined, action: string): boolean {
  const needed = permissionFor(resource, action);
  return needed !== null && permissions.includes(needed);
}

export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action }) => {
    const profile = await getProfile().catch(() => null);
    const can = !!profile && profile.status === 'active' && canAccess(profile.permissions, resource, action);
    return can ? { can } : { can, reason: 'forbidden' };
  },
  options: { buttons: { enableAccessControl: true, hideIfUnauthorized: true } },
};
