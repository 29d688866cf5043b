// [auth.rate_limit] as GoTrue applies it: token buckets per client IP (or one for the whole
// instance, for mail) that hold `limit` requests and refill `limit` per window.
import { AuthError } from './errors.ts';

interface Bucket { tokens: number; at: number }

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  /** Takes one request from `key`'s bucket; false when it is empty. */
  take(key: string, limit: number, windowMs: number, now = Date.now()): boolean {
    if (limit <= 0) return false;
    const b = this.buckets.get(key) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + ((now - b.at) / windowMs) * limit);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

const FIVE_MINUTES = 5 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** Which [auth.rate_limit] setting guards a route (GoTrue's grouping), if any. */
export function limitFor(route: string): 'tokenRefresh' | 'signInSignUps' | 'tokenVerifications' | undefined {
  if (route === 'POST /token') return 'tokenRefresh';
  if (['POST /signup', 'POST /otp', 'POST /magiclink', 'POST /recover', 'POST /resend', 'PUT /user'].includes(route)) return 'signInSignUps';
  if (route === 'GET /verify' || route === 'POST /verify') return 'tokenVerifications';
  return undefined;
}

export function checkRequestLimit(limiter: RateLimiter, setting: string, limit: number, ip: string): void {
  if (!limiter.take(`${setting}:${ip}`, limit, FIVE_MINUTES)) {
    throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached');
  }
}

/** email_sent: mails per hour for the whole instance. */
export function checkEmailLimit(limiter: RateLimiter, limit: number | null): void {
  if (limit === null) return;
  if (!limiter.take('email_sent', limit, HOUR)) throw new AuthError(429, 'over_email_send_rate_limit', 'email rate limit exceeded');
}
