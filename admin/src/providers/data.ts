// Refine's data provider with refusals in words: every error thrown by the Supabase provider gets
// the console's translated sentence as its message (Refine's notifications show `message`), and
// keeps code, details, hint and statusCode for session handling and forms.
import type { DataProvider } from '@refinedev/core';
import i18n from 'i18next';
import { describeError } from '../lib/errors';

export function translatedError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  const d = describeError(err, (k, o) => i18n.t(k, o as any) as string);
  const message = [d.title, d.description].filter(Boolean).join(' — ');
  return Object.assign(Object.create(Object.getPrototypeOf(err)), err, { message, databaseMessage: (err as { message?: string }).message });
}

export function withTranslatedErrors(provider: DataProvider): DataProvider {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(provider)) {
    if (typeof value !== 'function') { out[name] = value; continue; }
    // getApiUrl is synchronous: only promises get the translation on rejection
    out[name] = (...args: unknown[]) => {
      const result = (value as (...a: unknown[]) => unknown).apply(provider, args);
      return result instanceof Promise ? result.catch((e: unknown) => { throw translatedError(e); }) : result;
    };
  }
  return out as unknown as DataProvider;
}
