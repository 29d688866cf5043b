// The signed-in staff member (rpc my_staff_profile), cached until sign-in or sign-out.
import { rpc } from './supabase';

export interface StaffProfile {
  user_id: string;
  email: string;
  display_name: string | null;
  role: string;
  status: 'invited' | 'active' | 'disabled';
  aal: string;
  permissions: string[];
}

let cached: Promise<StaffProfile | null> | null = null;

export function getProfile(): Promise<StaffProfile | null> {
  cached ??= rpc<StaffProfile | null>('my_staff_profile').catch((e) => { cached = null; throw e; });
  return cached;
}

export function clearProfile() {
  cached = null;
}
