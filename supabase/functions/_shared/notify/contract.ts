// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// What every channel adapter shares: the message public.notification_claim hands out, the outcome
// of one send (sent, or failed and whether a retry may help), and the HTTP plumbing that maps a
// provider's answer to that outcome the same way for every provider.
import { AsyncLocalStorage } from 'node:async_hooks';
import { isValidPhoneNumber } from 'npm:libphonenumber-js@1/max';
import { env } from '../http.ts';

export type Channel = 'email' | 'sms' | 'whatsapp';
export type Provider = 'smtp' | 'http_email' | 'twilio' | 'unifonic' | 'whatsapp_cloud';
export const PROVIDERS: readonly Provider[] = ['smtp', 'http_email', 'twilio', 'unifonic', 'whatsapp_cloud'];

/** public.notification_claim's answer: one rendered message, ready to hand to its provider. */
export interface OutboxMessage {
  id: string;
  channel: Channel;
  provider: Provider;
  to: string;
  locale: 'ar' | 'en';
  subject: string | null;
  text: string;
  html: string | null;
  whatsapp: { template: string; language: string; parameters: unknown } | null;
  idempotency_key: string;
  /** the channel's sender (from address, sender id) when SQL names one; else the adapter's env */
  sender?: string | null;
}

/** One send: the provider took it (its message id), or it did not (retryable: 5xx, 429, timeout). */
export type SendOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'failed'; retryable: boolean; error: string };

export interface Adapter {
  provider: Provider;
  send(message: OutboxMessage): Promise<SendOutcome>;
}

export const sent = (providerMessageId: string): SendOutcome => ({ status: 'sent', providerMessageId });
export const permanent = (error: string): SendOutcome => ({ status: 'failed', retryable: false, error: error.slice(0, 1000) });
export const retryable = (error: string): SendOutcome => ({ status: 'failed', retryable: true, error: error.slice(0, 1000) });

/**
 * The provider settings in force for the call running now: what Vault holds for its provider
 * (credentials.ts puts them here for the duration of one send or one receipt check), so concurrent
 * calls for different providers never see each other's values.
 */
export const credentialScope = new AsyncLocalStorage<Record<string, string>>();

/** A provider setting: the provider's Vault credentials first, then the function env (development). */
export function setting(name: string, fallback?: string): string | undefined {
  const v = credentialScope.getStore()?.[name];
  return v === undefined || v === '' ? env(name, fallback) : v;
}

/** A setting that must be there, or a permanent failure naming what to set (a missing credential never heals by retrying). */
export class MissingCredential extends Error {}
export function required(name: string): string {
  const v = setting(name);
  if (!v) throw new MissingCredential(`${name} is not set (see docs/notifications-channels.md)`);
  return v;
}

/** How long one provider call may take before it counts as a (retryable) timeout. */
export function timeoutMs(): number {
  const v = Number(env('NOTIFY_HTTP_TIMEOUT_MS', '10000'));
  return Number.isFinite(v) && v > 0 ? v : 10000;
}

/** Whether an HTTP status may pass with time: 5xx, 429 (rate limited) and 408 (request timeout). */
export const retryableStatus = (status: number) => status >= 500 || status === 429 || status === 408;

/** The answer of one provider call: status and parsed JSON body (or the text when not JSON). */
export interface ProviderAnswer { status: number; body: any; text: string }

/**
 * One HTTP call to a provider with the adapter timeout. Network errors and timeouts become a
 * retryable failure (thrown as ProviderUnreachable): the provider may or may not have the message,
 * and the idempotency key each adapter sends lets the retry be safe where the API supports one.
 */
export class ProviderUnreachable extends Error {}
export async function call(url: string, init: RequestInit): Promise<ProviderAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs()) });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${timeoutMs()} ms` : e.message;
    throw new ProviderUnreachable(why);
  }
  const text = await res.text();
  let body: any = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  return { status: res.status, body, text };
}

/** Runs an adapter's send, turning a missing credential and an unreachable provider into outcomes. */
export async function guarded(provider: Provider, send: () => Promise<SendOutcome>): Promise<SendOutcome> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof MissingCredential) return permanent(`${provider}: not configured: ${err.message}`);
    if (err instanceof ProviderUnreachable) return retryable(`${provider}: unreachable: ${err.message}`);
    throw err;
  }
}

/** Base URL from env (the devstack simulator) or the real API, without a trailing slash. */
export const apiBase = (name: string, real: string) => (setting(name) ?? real).replace(/\/+$/, '');

/**
 * Why a phone number cannot be sent to (libphonenumber's full metadata: country, length, ranges),
 * or null. Checked before any provider call: a number no provider can reach is a permanent failure.
 */
export function phoneProblem(to: string): string | null {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return `${to} is not an E.164 number (+ and 7 to 15 digits)`;
  return isValidPhoneNumber(to) ? null : `${to} is not a valid phone number`;
}

/** E.164 without the plus: what Unifonic and WhatsApp take as a recipient. */
export const digitsOnly = (phone: string) => phone.replace(/^\+/, '').replace(/^00/, '');
