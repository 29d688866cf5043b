// Supabase's well-known local-development API keys (see gateway/keys.ts, whose tests verify them
// against the JWT secret), so admin/.env works against devstack and `supabase start` alike.
export { DEMO_ANON_KEY as anonKey, DEMO_SERVICE_ROLE_KEY as serviceRoleKey } from './gateway/keys.ts';
