// The REST API's OpenAPI document (PostgREST's GET /rest/v1/), fetched with the console's own
// Supabase URL, anon key and the signed-in staff member's session: PostgREST lists what that role
// may use (openapi-mode follow-privileges), so the reference shows the API as the reader sees it.
import { useQuery } from '@tanstack/react-query';
import { SUPABASE_ANON_KEY, SUPABASE_URL, supabase } from '../../providers/supabase';
import { tracedFetch } from '../../lib/trace';

export const REST_URL = `${SUPABASE_URL}/rest/v1`;

async function fetchOpenApi(): Promise<Record<string, any>> {
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token ?? SUPABASE_ANON_KEY;
  const res = await tracedFetch()(`${REST_URL}/`, {
    headers: { apikey: SUPABASE_ANON_KEY, Authorization: `Bearer ${token}`, Accept: 'application/openapi+json' },
  });
  const body = await res.json();
  // a PostgREST error body ({code, message, …}) is thrown as is: describeError titles it
  if (!res.ok) throw body;
  return body;
}

export function useOpenApi() {
  return useQuery({ queryKey: ['openapi', 'rest'], queryFn: fetchOpenApi, staleTime: 60_000 });
}
