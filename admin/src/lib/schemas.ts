// Tenant profile rules: the same as the SQL (create_tenant and private.assert_valid_tenant in
// supabase/migrations/*_tenants.sql and *_tenant_reference_lists.sql), so the form refuses what the
// database would refuse. Error messages are translation keys (tenants.validation.*).
// Country, region, currency and language values come from the database's lists (lib/reference.ts).
import { z } from 'zod';

export const SLUG_RE = /^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$/;
export const COUNTRY_RE = /^[A-Z]{2}$/;
export const CURRENCY_RE = /^[A-Z]{3}$/;
export const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
export const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const REGIONS = ['GCC-OM', 'GCC-SA', 'GCC-AE', 'GCC-BH', 'GCC-KW', 'GCC-QA', 'EU'] as const;
export const LOCALES = ['ar', 'en'] as const;
export const TENANT_STATUSES = ['draft', 'pending_approval', 'approved', 'trial', 'active', 'grace', 'suspended',
  'frozen', 'archived', 'churned'] as const;

let zoneList: Set<string> | null = null;
function knownZones(): Set<string> {
  if (!zoneList) {
    const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
    zoneList = new Set([...(supported ? supported('timeZone') : []), 'UTC', 'Etc/UTC', 'GMT']);
  }
  return zoneList;
}

/** The IANA names offered in the form. */
export const timezoneOptions = (): string[] => [...knownZones()].sort();

/**
 * An IANA time zone name as PostgreSQL's pg_timezone_names knows it (case-sensitive): a zone the
 * browser lists, or one it accepts whose spelling is already canonical-looking (Area/City).
 */
export function isIanaTimezone(tz: string): boolean {
  if (!tz || tz !== tz.trim()) return false;
  if (knownZones().has(tz)) return true;
  if (!/^[A-Z][A-Za-z_]*(\/[A-Z][A-Za-z0-9_+-]*)+$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The longest text each profile field may hold: private.tenant_text_limits() in SQL (a test compares
 * them). custom_fields is the byte size of its JSON text.
 */
export const TENANT_LIMITS = {
  'name.en': 200, 'name.ar': 200, legal_name: 200, timezone: 64, 'contact.name': 200, 'contact.email': 254,
  'contact.phone': 32, 'branding.logo_url': 2048, 'branding.invoice_header': 500, custom_fields: 8192,
} as const;

/** An optional text: null, '' and blanks mean "not given" (a stored legal_name is null). */
const optionalText = (max: number) => z.string().trim().max(max, 'tenants.validation.too_long').nullish()
  .transform((v) => (v ? v : undefined));

export const brandingSchema = z.object({
  primary_color: optionalText(7).refine((v) => v === undefined || COLOR_RE.test(v), 'tenants.validation.color'),
  logo_url: optionalText(TENANT_LIMITS['branding.logo_url'])
    .refine((v) => v === undefined || /^https:\/\//.test(v), 'tenants.validation.logo_url'),
  invoice_header: optionalText(TENANT_LIMITS['branding.invoice_header']),
}).passthrough();

export const contactSchema = z.object({
  name: optionalText(TENANT_LIMITS['contact.name']),
  email: optionalText(TENANT_LIMITS['contact.email']).refine((v) => v === undefined || EMAIL_RE.test(v), 'tenants.validation.email'),
  phone: optionalText(TENANT_LIMITS['contact.phone']),
}).passthrough();

const nameSchema = z.object({
  en: z.string({ error: 'tenants.validation.name_en' }).trim().min(1, 'tenants.validation.name_en')
    .max(TENANT_LIMITS['name.en'], 'tenants.validation.too_long'),
  ar: optionalText(TENANT_LIMITS['name.ar']),
});

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const customFields = z.record(z.string(), z.unknown()).default({})
  .refine((v) => utf8Bytes(JSON.stringify(v)) <= TENANT_LIMITS.custom_fields, 'tenants.validation.custom_fields_size');

const countryCode = z.string({ error: 'tenants.validation.country' }).regex(COUNTRY_RE, 'tenants.validation.country');
const regionCode = z.string({ error: 'tenants.validation.region' }).min(1, 'tenants.validation.region');
const currencyCode = z.string({ error: 'tenants.validation.currency' }).regex(CURRENCY_RE, 'tenants.validation.currency');

/** The profile columns a tenant edit may change (status columns are not writable). */
export const tenantProfileSchema = z.object({
  name: nameSchema,
  legal_name: optionalText(TENANT_LIMITS.legal_name),
  timezone: z.string({ error: 'tenants.validation.timezone' }).refine(isIanaTimezone, 'tenants.validation.timezone'),
  default_locale: z.enum(LOCALES, { error: 'tenants.validation.locale' }),
  branding: brandingSchema.prefault({}),
  contact: contactSchema.prefault({}),
  custom_fields: customFields,
  // only while the tenant has never been billed (tenant_billing_fields_editable); absent otherwise
  country: countryCode.optional(),
  region: regionCode.optional(),
  currency: currencyCode.optional(),
});

export const tenantCreateSchema = tenantProfileSchema.extend({
  slug: z.string({ error: 'tenants.validation.slug' }).regex(SLUG_RE, 'tenants.validation.slug'),
  country: countryCode,
  region: regionCode,
  currency: currencyCode,
});

export type TenantProfile = z.infer<typeof tenantProfileSchema>;
export type TenantCreate = z.infer<typeof tenantCreateSchema>;

/** Drops undefined keys so jsonb columns hold only what was given. */
export function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** Field errors as {path: 'name.en', key: 'tenants.validation.name_en'}. */
export function fieldErrors(error: z.ZodError): { path: (string | number)[]; key: string }[] {
  return error.issues.map((i) => ({ path: i.path as (string | number)[], key: i.message }));
}

/** Arguments for rpc('create_tenant') from validated input. */
export function createTenantArgs(input: TenantCreate) {
  return {
    slug: input.slug,
    name: compact(input.name),
    country: input.country,
    region: input.region,
    timezone: input.timezone,
    currency: input.currency,
    default_locale: input.default_locale,
    legal_name: input.legal_name ?? null,
    branding: compact(input.branding),
    contact: compact(input.contact),
    custom_fields: input.custom_fields,
  };
}

/** The PATCH body for a tenant edit: profile columns only (country, region, currency when given). */
export function tenantPatch(input: TenantProfile) {
  return {
    ...compact({ country: input.country, region: input.region, currency: input.currency }),
    name: compact(input.name),
    legal_name: input.legal_name ?? null,
    timezone: input.timezone,
    default_locale: input.default_locale,
    branding: compact(input.branding),
    contact: compact(input.contact),
    custom_fields: input.custom_fields,
  };
}

/** Parses the custom-fields JSON text of the form. */
export function parseJsonObject(text: string | undefined): { ok: true; value: Record<string, unknown> } | { ok: false } {
  if (!text || !text.trim()) return { ok: true, value: {} };
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v };
  } catch { /* fallthrough */ }
  return { ok: false };
}

export const impersonationSchema = z.object({
  mode: z.enum(['read_only', 'full']),
  reason: z.string().trim().min(5, 'impersonation.validation.reason'),
  minutes: z.number({ error: 'impersonation.validation.minutes' }).int().min(1, 'impersonation.validation.minutes')
    .max(30, 'impersonation.validation.minutes'),
});

export const inviteStaffSchema = z.object({
  email: z.string().trim().regex(EMAIL_RE, 'staff.validation.email'),
  role: z.string().min(1, 'staff.validation.role'),
  display_name: optionalText(200),
});
