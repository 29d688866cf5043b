import { describe, expect, test } from 'vitest';
import type { DataProvider } from '@refinedev/core';
import '../providers/i18n';
import i18n from 'i18next';
import { withTranslatedErrors } from './data';

// A provider that fails like @refinedev/supabase does on an RLS refusal (a PostgrestError).
const rls = { code: '42501', message: 'new row violates row-level security policy for table "tenants"', details: null, hint: null, statusCode: 42501 };
const failing = {
  getApiUrl: () => 'http://api',
  update: async () => { throw rls; },
  getOne: async () => { throw { code: '23505', message: 'duplicate key value violates unique constraint "coupons_code_key"', statusCode: 23505 }; },
} as unknown as DataProvider;

describe('refusals in words', () => {
  test('an RLS refusal reaches Refine as a sentence, never the Postgres text, in both languages', async () => {
    const dp = withTranslatedErrors(failing);
    expect(dp.getApiUrl()).toBe('http://api');
    await i18n.changeLanguage('en');
    const en = await dp.update({ resource: 'tenants', id: 'x', variables: {} }).catch((e) => e);
    expect(en.message).toMatch(/^Refused: you may not change this/);
    expect(en.message).not.toMatch(/row-level security/);
    expect(en.code).toBe('42501');
    expect(en.statusCode).toBe(42501);
    await i18n.changeLanguage('ar');
    const ar = await dp.update({ resource: 'tenants', id: 'x', variables: {} }).catch((e) => e);
    expect(ar.message).not.toMatch(/row-level security|Refused/);
    await i18n.changeLanguage('en');
  });

  test('other Postgres refusals without a machine code are sentences too', async () => {
    const e = await withTranslatedErrors(failing).getOne({ resource: 'coupons', id: 'x' }).catch((x) => x);
    expect(e.message).toBe('This already exists: a value that must be unique is taken.');
  });
});
