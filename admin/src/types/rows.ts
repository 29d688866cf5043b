// The console's row types, derived from the generated schema types (types/database.ts, written by
// `npx devstack gen-types`; never edited by hand). A renamed or dropped column then fails
// `npm run typecheck` instead of showing blank cells.
//
// jsonb columns come out of the generator as `Json`: where the console reads inside one, its
// shape is named here (Shaped<...>), and only there.
import type { Database, Tables } from './database';
import type { OverridePatch, WorkflowDefinition, WorkflowProblem } from '../lib/workflow';
import type { FlagRule, LimitType, PlanPrice } from '../components/entitlements/model';

type Public = Database['public'];

/** A row of a table or view in the public schema. */
export type Row<T extends keyof Public['Tables'] | keyof Public['Views']> = Tables<T>;
/** One row of what an RPC returns (a set-returning function), or its whole result otherwise. */
export type RpcRow<F extends keyof Public['Functions']> =
  Public['Functions'][F]['Returns'] extends (infer R)[] ? R : Public['Functions'][F]['Returns'];
/** `T` with some columns' types replaced (the shape of a jsonb column, a narrower text) or added (an embedded select). */
export type Shaped<T, S extends object> = Omit<T, keyof S> & S;

/** A name or description in both languages (English always). */
export type Localized = { en: string; ar?: string };
/** The few tenant columns shown next to another resource's rows (an embedded select). */
export type TenantRef = Pick<Row<'tenants'>, 'id' | 'slug'> & { name: Localized } & Partial<Pick<Row<'tenants'>, 'status' | 'timezone' | 'country'>>;

// ── tenants ──────────────────────────────────────────────────────────────────────────────────
export type TenantRow = Shaped<Row<'tenants'>, {
  name: Localized; branding: Record<string, string>; contact: Record<string, string>; custom_fields: Record<string, unknown>;
  tenant_health?: { score: number } | { score: number }[] | null;
}>;
export type TenantHistoryRow = Row<'tenant_status_history'>;
export type ProvisioningStepRow = Shaped<Row<'tenant_provisioning'>, {
  status: 'pending' | 'done' | 'failed';
  provisioning_steps?: { name: Record<string, string>; sort_order: number } | null;
}>;
/** What a health score was computed from (tenant_health.inputs). */
export interface HealthInputs { age_days?: number; new_tenant?: boolean; orders_30d?: number; order_moves_30d?: number; users_signed_in_30d?: number }
export type TenantHealthRow = Shaped<Row<'tenant_health'>, { signals: Record<string, number>; inputs?: HealthInputs }>;
export type TenantPlanRow = Shaped<Row<'tenant_plans'>, { billing_interval: 'month' | 'year' }>;
export type EntitlementOverrideRow = Shaped<Row<'entitlement_overrides'>, { kind: 'grant' | 'revoke'; value: unknown }>;
export type TenantSettingsRow = Shaped<Row<'tenant_settings'>, { settings: Record<string, unknown> }>;

// ── staff ────────────────────────────────────────────────────────────────────────────────────
export type StaffRow = Row<'platform_staff'>;
export type RoleRow = Shaped<Row<'platform_roles'>, { name: Record<string, string>; description: Record<string, string> }>;
export type LockoutRow = RpcRow<'staff_lockouts'>;
export type PermissionRow = Shaped<Row<'permissions'>, { description: Record<string, string> }>;
export type RolePermissionRow = Row<'role_permissions'>;

// ── audit ────────────────────────────────────────────────────────────────────────────────────
export type AuditRow = Shaped<Row<'audit_log'>, { before: unknown; after: unknown; diff: unknown }>;

// ── reference data ───────────────────────────────────────────────────────────────────────────
export type RefRow = { code: string; name: { en?: string; ar?: string } };
export type CountryRow = Shaped<Row<'countries'>, { name: { en?: string; ar?: string } }>;
export type CurrencyRow = Shaped<Row<'currencies'>, { name: Localized }>;

// ── plans, features, flags ───────────────────────────────────────────────────────────────────
export type PlanFeatureRow = Shaped<Omit<Row<'plan_features'>, 'plan_id'>, {
  value: unknown; limit_type: LimitType | null; overage_prices: Record<string, number> | null;
}>;
export type PlanRow = Shaped<Omit<Row<'plans'>, 'created_by'>, {
  name: Record<string, string>; description: Record<string, string>; status: 'active' | 'archived';
  plan_prices?: PlanPrice[]; plan_features?: PlanFeatureRow[];
}>;
export type AddOnRow = Shaped<Omit<Row<'add_ons'>, 'status'>, {
  name: Record<string, string>; description: Record<string, string>; prices: Record<string, Record<string, number>>;
  add_on_features?: { feature_key: string; value: unknown }[];
}>;
export type FlagRow = Shaped<Omit<Row<'feature_flags'>, 'updated_by'>, { description: Record<string, string>; rules: FlagRule[] }>;
export type UsageRow = Shaped<RpcRow<'entitlement_usage_report'>, { kind: 'plan' | 'add_on' | 'feature' }>;

// ── workflows ────────────────────────────────────────────────────────────────────────────────
export type TemplateRow = Shaped<Omit<Row<'workflow_templates'>, 'created_by'>, {
  name: Localized; description: Record<string, string>; draft: WorkflowDefinition;
}>;
export type VersionRow = Shaped<Row<'workflow_versions'>, {
  definition: WorkflowDefinition; patch: Record<string, unknown> | null; conflicts: WorkflowProblem[];
}>;
export type TenantWorkflowRow = Shaped<Row<'tenant_workflows'>, { conflicts: WorkflowProblem[] }>;
export type WorkflowOverrideRow = Shaped<Omit<Row<'tenant_workflow_overrides'>, 'updated_by'>, { patch: OverridePatch }>;
export type StuckOrderRow = RpcRow<'stuck_orders'>;
/** bigint and numeric figures may arrive as text (JSON keeps their precision): the stats read either. */
type Figure = number | string;
export type StageStatRow = Shaped<RpcRow<'workflow_stage_stats'>, {
  transitions: Figure; p50_seconds: Figure | null; p95_seconds: Figure | null; total_seconds: Figure | null;
  sla_breaches: Figure; breach_rate: Figure | null; bottleneck_rank: Figure;
}>;

// ── billing ──────────────────────────────────────────────────────────────────────────────────
export type SubscriptionRow = Shaped<Row<'subscriptions'>, {
  billing_interval: 'month' | 'year';
  tenant?: TenantRef | TenantRef[] | null;
  plan?: PlanRef | null;
  pending_plan?: PlanRef | null;
  subscription_add_ons?: Pick<Row<'subscription_add_ons'>, 'add_on_code' | 'quantity'>[];
}>;
/** A plan version named next to a subscription (an embedded select). */
export type PlanRef = Pick<Row<'plans'>, 'id' | 'code' | 'version'> & { name: Localized };
export type InvoiceRow = Shaped<Row<'invoices'>, { seller: unknown; tax_note: unknown; tenant?: TenantRef | TenantRef[] | null }>;
export type InvoiceLineRow = Shaped<Row<'invoice_lines'>, { description: Localized; source: Record<string, unknown> }>;
export type PaymentRow = Row<'payments'>;
export type PaymentEventRow = Shaped<Row<'payment_events'>, { payload?: unknown; payment_method: unknown }>;
export type CreditNoteRow = Row<'credit_notes'>;
export type CouponRow = Shaped<Row<'coupons'>, { name: Localized; kind: 'percent' | 'fixed' }>;
export type DunningCaseRow = Shaped<Row<'dunning_cases'>, {
  tenant?: TenantRef | TenantRef[] | null;
  invoice?: { id: string; number: string | null; amount_due: number; currency: string; due_date: string | null; status: string } | null;
}>;
export type BillingProfileRow = Shaped<Row<'billing_profiles'>, { address: Record<string, unknown>; tax_note: unknown }>;
export type DunningPolicyRow = Row<'dunning_policy'>;
export type MrrRow = RpcRow<'billing_mrr'>;
export type MovementRow = RpcRow<'mrr_movements_by_month'>;

// ── catalog (C9) ─────────────────────────────────────────────────────────────────────────────
/** A name or description in any of the two languages (a tenant's label may have only one). */
export type Bilingual = { en?: string; ar?: string };
export interface CatalogChangeRef { family: string; code: string }
/** A release's changelog (catalog_releases.changelog, preview_catalog_release().changelog). */
export interface CatalogChangelog { added: CatalogChangeRef[]; changed: CatalogChangeRef[]; retired: CatalogChangeRef[]; removed: CatalogChangeRef[] }
export type CatalogFamilyRow = Shaped<Row<'catalog_families'>, { name: Bilingual }>;
export type CatalogEntryRow = Shaped<Row<'catalog_entries'>, { name: Bilingual; description: Bilingual; attributes: Record<string, unknown> }>;
export type CatalogReleaseRow = Shaped<Row<'catalog_releases'>, { changelog: CatalogChangelog }>;
export type CatalogSyncRow = Shaped<RpcRow<'catalog_sync_overview'>, { tenant_name: Bilingual; status: 'pending' | 'synced' | 'failed' }>;
export type TenantCatalogStateRow = Row<'tenant_catalog_state'>;
export type TenantCatalogOverrideRow = Shaped<Row<'tenant_catalog_overrides'>, { label: Bilingual | null }>;

// ── notifications (issue 17): the outbox, templates, events, channels, preferences ──────────────
export type NotificationChannel = 'email' | 'sms' | 'whatsapp';
export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'suppressed' | 'dead';
export type NotificationPreferenceRow = Row<'notification_preferences'>;
export type NotificationSuppressionRow = Row<'notification_suppressions'>;
/** What public.preview_notification_template answers. */
export interface NotificationPreview {
  event: string; channel: NotificationChannel; locale: 'ar' | 'en'; version: number | null; variables: string[];
  subject: string | null; text: string | null; html: string | null;
  whatsapp: { template: string; language: 'ar' | 'en'; parameters: string[] } | null;
  sms: { encoding: 'gsm7' | 'ucs2'; characters: number; units: number; segments: number } | null;
  error: { code: string; message: string } | null;
}

// platform (issue 17 §6)
export type BilingualText = { en: string; ar: string };
export type MaintenanceWindowRow = Shaped<Row<'maintenance_windows'>, { message: BilingualText }>;
export type AnnouncementRow = Shaped<Row<'platform_announcements'>, {
  title: BilingualText; body: BilingualText; severity: 'info' | 'warning' | 'critical';
}>;

// ── notifications (issue 17 §7) ──────────────────────────────────────────────────────────────
export type NotificationEventRow = Shaped<Row<'notification_events'>, { description: Localized; sample: Record<string, string> }>;
export type NotificationTemplateRow = Row<'notification_templates'>;
export type NotificationChannelRow = Row<'notification_channels'>;
export type NotificationOutboxRow = Shaped<Row<'notification_outbox'>, {
  whatsapp_parameters: string[] | null; variables: Record<string, unknown>; last_receipt: Record<string, unknown> | null;
  tenant?: TenantRef | TenantRef[] | null;
}>;
// ── support desk (C12) ───────────────────────────────────────────────────────────────────────
export type SupportInboxRow = Shaped<RpcRow<'support_inbox'>, { tenant_name: Bilingual }>;
export type SupportTicketRow = Row<'support_tickets'>;
export type SupportMessageRow = Row<'support_messages'>;
export type SupportAttachmentRow = Row<'support_attachments'>;
export type SupportInboundMailRow = Row<'support_inbound_mails'>;
export type SupportSlaReportRow = RpcRow<'support_sla_report'>;
export type SupportBacklogRow = RpcRow<'support_backlog_report'>;
export type SupportCustomerWaitRow = RpcRow<'support_customer_wait_report'>;
export type SupportCsatReportRow = RpcRow<'support_csat_report'>;
export type SupportSlaEventRow = Shaped<Row<'support_sla_events'>, { detail: Record<string, unknown> }>;
export type SupportGroupRow = Shaped<Row<'support_groups'>, { name: Bilingual }>;
export type SupportGroupMemberRow = Row<'support_group_members'>;
export type SupportCalendarRow = Row<'support_calendars'>;
export type SupportHolidayRow = Shaped<Row<'support_holidays'>, { name: Bilingual }>;
export type SupportSlaTargetRow = Row<'support_sla_targets'>;
export type SupportKbArticleRow = Shaped<Omit<Row<'support_kb_articles'>, 'search_en' | 'search_ar'>, {
  title: Bilingual | null; body: Bilingual | null;
  draft?: { title: Bilingual; body: Bilingual; updated_at: string } | { title: Bilingual; body: Bilingual; updated_at: string }[] | null;
}>;
export type SupportMacroRow = Shaped<Row<'support_macros'>, { title: Bilingual; body: Bilingual }>;
export type SupportOrderHitRow = RpcRow<'search_orders'>;
export type KbHitRow = RpcRow<'search_kb'>;
// ── integrations developer portal (issue 18 §6) ───────────────────────────────────────────────
export type EventTypeRow = Shaped<Row<'integration_event_types'>, {
  description: { en: string; ar: string }; payload_schema: Record<string, unknown>; sample: Record<string, unknown>;
}>;
export type WebhookEndpointRow = Row<'webhook_endpoints'>;
export type WebhookHealthRow = RpcRow<'webhook_endpoint_health'>;
export type WebhookDeliveryRow = Shaped<Row<'webhook_deliveries'>, { event?: { type: string; occurred_at: string } | null }>;
export type ApiKeyRow = Omit<Row<'api_keys'>, 'key_hash'>;
/** What create_webhook_endpoint / rotate_webhook_secret / create_api_key / rotate_api_key answer (the secret once). */
export type OnceSecret = { id: string; secret?: string; key?: string };
/** A sandbox tenant for integrators (issue 18) with its tenant embedded (tenant:tenants(…)). */
/** An API changelog entry (issue 18 §6): en/ar title and body. */
export type ApiChangelogEntryRow = Shaped<Row<'api_changelog_entries'>, { title: BilingualText; body: BilingualText }>;
export type SandboxTenantRow = Shaped<Row<'sandbox_tenants'>, { sample: { customers?: number; orders?: number }; tenant?: TenantRef | TenantRef[] | null }>;
