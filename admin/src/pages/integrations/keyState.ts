// The state of an API key as the gateway sees it (private.verify_api_key): revoked, expired, or
// working; a working key that a rotation replaced is "retiring" until its grace period ends.
import type { ApiKeyRow } from '../../types/rows';

export type KeyState = 'active' | 'retiring' | 'revoked' | 'expired';

export function keyState(k: Pick<ApiKeyRow, 'revoked_at' | 'expires_at' | 'replaced_by'>, now: Date): KeyState {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && new Date(k.expires_at) <= now) return 'expired';
  return k.replaced_by ? 'retiring' : 'active';
}
