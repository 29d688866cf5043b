import { describe, expect, test } from 'vitest';
import i18n from 'i18next';
import { resources } from '../i18n';
import { KNOWN_DETAIL_CODES, classifyError, describeError, isLockedOut, isSessionError } from './errors';

const inst = i18n.createInstance();
await inst.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
const t = inst.getFixedT('en');
const tAr = inst.getFixedT('ar');

describe('error messages', () => {
  test('wrong password, lock-out and wrong TOTP code (GoTrue)', () => {
    const wrong = describeError({ code: 'invalid_credentials', message: 'Invalid login credentials' }, t);
    expect(wrong.title).toBe('Wrong email or password.');
    // The same answer covers a held account (issue 12 §5), so it says sign-in may pause.
    expect(wrong.description).toContain('pauses for a while');
    expect(describeError({ code: 'invalid_credentials' }, tAr).description).toContain('يتوقف تسجيل الدخول');
    const locked = describeError({ code: 'invalid_credentials', message: 'Too many failed attempts. Try again after 19:34 UTC.' }, t);
    expect(locked.title).toBe('Account locked after too many failed attempts.');
    expect(locked.description).toContain('19:34 UTC');
    expect(describeError({ code: 'mfa_verification_failed', message: 'Invalid TOTP code entered' }, t).title).toContain('code is not correct');
    expect(describeError({ code: 'mfa_verification_failed' }, tAr).title).toContain('الرمز غير صحيح');
  });

  test('SQL errors: translated title from the machine code, message and hint below', () => {
    const d = describeError({ code: 'PT409', message: 'cannot approve a tenant that is draft', details: 'tenant.illegal_transition',
      hint: 'allowed: archive → archived, submit → pending_approval' }, t);
    expect(d.title).toBe('This status change is not allowed');
    expect(d.description).toContain('cannot approve a tenant that is draft');
    expect(d.description).toContain('allowed: archive');
    expect(describeError({ code: 'PT409', details: 'staff.email_unavailable', message: 'x cannot be invited to HQ' }, t).title)
      .toContain('already has an account');
    expect(describeError({ code: 'PT403', details: 'staff.invitation_incomplete' }, tAr).title).toContain('أكمل دعوتك');
  });

  test('every catalogued code has an English and an Arabic title (workflow, plans, flags, jobs, billing too)', () => {
    const missing = KNOWN_DETAIL_CODES.filter((c) => {
      const en = describeError({ code: 'PT400', message: 'server words', details: c }, t).title;
      const ar = describeError({ code: 'PT400', message: 'server words', details: c }, tAr).title;
      return en === 'server words' || ar === 'server words' || !/[\u0600-\u06FF]/.test(ar);
    });
    expect(missing).toEqual([]);
    expect(KNOWN_DETAIL_CODES.length).toBeGreaterThan(200);
    const d = describeError({ code: 'PT409', message: 'an order in received cannot move to delivered', details: 'workflow.illegal_transition' }, tAr);
    expect(d.title).toBe('لا يمكن نقل الطلب إلى هذه المرحلة');
    expect(d.description).toContain('cannot move to delivered');
    // an Edge Function answer names its code in `detail`
    expect(describeError({ code: 'no_payment_method', message: 'no payment method on file', detail: 'billing.no_payment_method' }, tAr).title)
      .toBe('لا توجد وسيلة دفع محفوظة لهذا المستأجر');
  });

  test('unknown machine codes show the server message and hint', () => {
    expect(describeError({ code: 'PT409', message: 'something new', details: 'billing.unknown', hint: 'do X' }, t))
      .toEqual({ title: 'something new', description: 'do X' });
    expect(describeError({}, t).title).toBe('Something went wrong');
  });

  test('an RLS refusal (42501) under a read-only impersonation', () => {
    const err = { code: '42501', message: 'new row violates row-level security policy for table "tenant_settings"' };
    expect(describeError(err, t, { readOnlyImpersonation: true }).title).toBe('Refused: read-only impersonation');
    expect(describeError(err, tAr, { readOnlyImpersonation: true }).title).toBe('مرفوض: انتحال هوية للقراءة فقط');
    expect(describeError(err, t).title).toMatch(/^Refused: you may not change this/);
    // the description is a sentence too, never Postgres' own words
    for (const tr of [t, tAr]) {
      for (const ro of [true, false]) {
        expect(describeError(err, tr, { readOnlyImpersonation: ro }).description).not.toMatch(/row-level security/);
      }
    }
    expect(describeError(err, t, { readOnlyImpersonation: true }).description).toMatch(/read-only impersonation cannot change/);
  });

  test('classification drives session handling (Refine sees statusCode = parseInt(code))', () => {
    expect(isSessionError({ code: 'PGRST301', statusCode: NaN })).toBe(true);
    expect(isSessionError({ code: 'PGRST303' })).toBe(true);
    expect(isSessionError({ code: 'PT403', details: 'auth.mfa_required' })).toBe(true);
    expect(isSessionError({ code: 'PT403', details: 'auth.permission_denied' })).toBe(false);
    expect(classifyError({ code: 'PT403' })).toBe('forbidden');
    expect(classifyError({ code: '42501' })).toBe('read_only');
    expect(classifyError({ code: 'PT409' })).toBe('conflict');
    expect(classifyError({ code: '22023' })).toBe('invalid');
    expect(classifyError({ name: 'TypeError', message: 'Failed to fetch' })).toBe('network');
    expect(isLockedOut({ message: 'Too many failed attempts. The account is locked for 15 minutes.' })).toBe(true);
  });
});
