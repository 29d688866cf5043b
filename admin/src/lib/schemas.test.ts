import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  COLOR_RE, COUNTRY_RE, CURRENCY_RE, EMAIL_RE, REGIONS, SLUG_RE, TENANT_LIMITS, TENANT_STATUSES, createTenantArgs,
  impersonationSchema, inviteStaffSchema, isIanaTimezone, parseJsonObject, tenantCreateSchema, tenantPatch, tenantProfileSchema,
} from './schemas';

const migrations = join(__dirname, '..', '..', '..', 'supabase', 'migrations');
const migration = (suffix: string) => readFileSync(join(migrations, readdirSync(migrations).find((f) => f.endsWith(suffix))!), 'utf8');
const tenantsSql = migration('_tenants.sql');
const referenceSql = migration('_tenant_reference_lists.sql');

const valid = {
  slug: 'al-noor-muscat', name: { en: 'Al Noor', ar: 'النور' }, country: 'OM', region: 'GCC-OM', timezone: 'Asia/Muscat',
  currency: 'OMR', default_locale: 'ar', legal_name: 'Al Noor LLC',
  branding: { primary_color: '#0b6e4f', logo_url: 'https://cdn.example.com/logo.png' },
  contact: { name: 'Khalid', email: 'khalid@alnoor.test' }, custom_fields: {},
};
const issues = (input: unknown) => {
  const r = tenantCreateSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('the zod rules are the SQL rules', () => {
  test('the patterns are the ones in the tenants migration', () => {
    for (const re of [SLUG_RE, COUNTRY_RE, CURRENCY_RE, COLOR_RE, EMAIL_RE]) {
      expect(tenantsSql).toContain(re.source.replace(/\\\//g, '/'));
    }
    expect(tenantsSql).toContain(`region in (${REGIONS.map((r) => `'${r}'`).join(', ')})`);
    expect(tenantsSql).toContain("default_locale in ('ar', 'en')");
    expect(tenantsSql).toContain(`status in (${TENANT_STATUSES.map((s) => `'${s}'`).join(', ')})`.replace(`'active', `, `'active',\n    `));
    expect(tenantsSql).toContain("!~ '^https://'");
  });

  test('accepts a valid tenant', () => {
    expect(issues(valid)).toEqual([]);
  });

  test.each([
    ['ab', false], ['abc', true], ['a'.repeat(48), true], ['a'.repeat(49), false], ['-abc', false], ['abc-', false],
    ['Abc', false], ['ab_c', false], ['a-b', true], ['12-34', true], ['ab c', false], ['', false],
  ])('slug %j valid=%s', (slug, ok) => {
    expect(issues({ ...valid, slug }).some((i) => i.startsWith('slug:'))).toBe(!ok);
  });

  test('an English name is required', () => {
    expect(issues({ ...valid, name: { ar: 'النور' } })).toContain('name.en:tenants.validation.name_en');
    expect(issues({ ...valid, name: { en: '   ' } })).toContain('name.en:tenants.validation.name_en');
  });

  test('region, country, currency and locale', () => {
    expect(issues({ ...valid, region: '' })).toContain('region:tenants.validation.region');
    expect(issues({ ...valid, region: 'EU', country: 'DE', currency: 'EUR' })).toEqual([]);
    expect(issues({ ...valid, country: 'om' })).toContain('country:tenants.validation.country');
    expect(issues({ ...valid, country: 'OMN' })).toContain('country:tenants.validation.country');
    expect(issues({ ...valid, currency: 'OM' })).toContain('currency:tenants.validation.currency');
    expect(issues({ ...valid, currency: 'omr' })).toContain('currency:tenants.validation.currency');
    expect(issues({ ...valid, default_locale: 'fr' })).toContain('default_locale:tenants.validation.locale');
  });

  test('time zones are IANA names, case-sensitive like pg_timezone_names', () => {
    expect(isIanaTimezone('Asia/Muscat')).toBe(true);
    expect(isIanaTimezone('Europe/Berlin')).toBe(true);
    expect(isIanaTimezone('UTC')).toBe(true);
    expect(isIanaTimezone('asia/muscat')).toBe(false);
    expect(isIanaTimezone('Mars/Olympus')).toBe(false);
    expect(isIanaTimezone('')).toBe(false);
    expect(isIanaTimezone(' Asia/Muscat')).toBe(false);
    expect(issues({ ...valid, timezone: 'Gulf Standard Time' })).toContain('timezone:tenants.validation.timezone');
  });

  test('branding and contact', () => {
    expect(issues({ ...valid, branding: { primary_color: '#0b6e4' } })).toContain('branding.primary_color:tenants.validation.color');
    expect(issues({ ...valid, branding: { primary_color: 'green' } })).toContain('branding.primary_color:tenants.validation.color');
    expect(issues({ ...valid, branding: { logo_url: 'http://insecure.test/logo.png' } })).toContain('branding.logo_url:tenants.validation.logo_url');
    expect(issues({ ...valid, contact: { email: 'not-an-email' } })).toContain('contact.email:tenants.validation.email');
    expect(issues({ ...valid, contact: { email: 'a b@c.d' } })).toContain('contact.email:tenants.validation.email');
    expect(issues({ ...valid, branding: { primary_color: '', logo_url: '' }, contact: { email: '' } })).toEqual([]);
  });

  test('rpc arguments drop empty optional values', () => {
    const parsed = tenantCreateSchema.parse({ ...valid, branding: { primary_color: '', logo_url: 'https://x.test/l.png' }, contact: { email: '' }, legal_name: '' });
    const args = createTenantArgs(parsed);
    expect(args.branding).toEqual({ logo_url: 'https://x.test/l.png' });
    expect(args.contact).toEqual({});
    expect(args.legal_name).toBeNull();
    expect(Object.keys(args).sort()).toEqual(['branding', 'contact', 'country', 'currency', 'custom_fields', 'default_locale',
      'legal_name', 'name', 'region', 'slug', 'timezone']);
  });

  test('an edit sends profile columns only (the status columns are not writable)', () => {
    const { country: _c, region: _r, currency: _cu, ...profile } = valid;
    const patch = tenantPatch(tenantProfileSchema.parse({ ...profile, status: 'active', trial_ends_at: null }));
    expect(Object.keys(patch).sort()).toEqual(['branding', 'contact', 'custom_fields', 'default_locale', 'legal_name', 'name', 'timezone']);
    const grants = [...tenantsSql.matchAll(/grant update \(([^)]*)\) on public\.tenants/g), ...referenceSql.matchAll(/grant update \(([^)]*)\) on public\.tenants/g)]
      .flatMap((m) => m[1].split(',').map((s) => s.trim())).sort();
    // while the tenant has not been billed, the edit may change country, region and currency too
    expect(Object.keys(tenantPatch(tenantProfileSchema.parse(valid))).sort()).toEqual(grants);
  });

  test('a tenant without a legal name can be edited (the row holds null)', () => {
    const r = tenantProfileSchema.safeParse({ ...valid, legal_name: null, name: { en: 'Pearl', ar: null }, contact: { phone: null } });
    expect(r.success).toBe(true);
    expect(tenantPatch(r.data!).legal_name).toBeNull();
  });

  test('every text has the maximum length the SQL gives it', () => {
    const sql = JSON.parse(referenceSql.match(/function private\.tenant_text_limits\(\)[\s\S]*?select '([^']*)'::jsonb/)![1]);
    expect(TENANT_LIMITS).toEqual(sql);
    expect(issues({ ...valid, name: { en: 'n'.repeat(5000) } })).toContain('name.en:tenants.validation.too_long');
    expect(issues({ ...valid, name: { en: 'n'.repeat(200), ar: 'ن'.repeat(200) } })).toEqual([]);
    expect(issues({ ...valid, legal_name: 'l'.repeat(201) })).toContain('legal_name:tenants.validation.too_long');
    expect(issues({ ...valid, contact: { phone: '1'.repeat(33) } })).toContain('contact.phone:tenants.validation.too_long');
    expect(issues({ ...valid, branding: { invoice_header: 'h'.repeat(501) } })).toContain('branding.invoice_header:tenants.validation.too_long');
    expect(issues({ ...valid, custom_fields: { notes: 'x'.repeat(9000) } })).toContain('custom_fields:tenants.validation.custom_fields_size');
  });

  test('custom fields must be a JSON object', () => {
    expect(parseJsonObject('')).toEqual({ ok: true, value: {} });
    expect(parseJsonObject('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject('[1]').ok).toBe(false);
    expect(parseJsonObject('{oops').ok).toBe(false);
  });
});

describe('other forms', () => {
  test('impersonation: a reason of 5+ characters and 1–30 minutes', () => {
    expect(impersonationSchema.safeParse({ mode: 'read_only', reason: 'T-123 check', minutes: 15 }).success).toBe(true);
    expect(impersonationSchema.safeParse({ mode: 'read_only', reason: 'abc', minutes: 15 }).success).toBe(false);
    expect(impersonationSchema.safeParse({ mode: 'full', reason: 'T-123 check', minutes: 31 }).success).toBe(false);
    expect(impersonationSchema.safeParse({ mode: 'full', reason: 'T-123 check', minutes: 0 }).success).toBe(false);
    expect(impersonationSchema.safeParse({ mode: 'admin', reason: 'T-123 check', minutes: 5 }).success).toBe(false);
  });

  test('staff invitation', () => {
    expect(inviteStaffSchema.safeParse({ email: 'new@cleanmatex.test', role: 'support' }).success).toBe(true);
    expect(inviteStaffSchema.safeParse({ email: 'nope', role: 'support' }).success).toBe(false);
    expect(inviteStaffSchema.safeParse({ email: 'a@b.co', role: '' }).success).toBe(false);
  });
});
