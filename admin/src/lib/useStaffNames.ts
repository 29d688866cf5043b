import { useList } from '@refinedev/core';

/** user_id → display name (or email) for the given staff ids. */
export function useStaffNames(ids: (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((x): x is string => !!x))].sort();
  const { result } = useList<{ user_id: string; email: string; display_name: string | null }>({
    resource: 'platform_staff',
    filters: [{ field: 'user_id', operator: 'in', value: unique }],
    pagination: { mode: 'off' },
    meta: { select: 'user_id,email,display_name' },
    queryOptions: { enabled: unique.length > 0 },
    errorNotification: false,
  });
  const map = new Map<string, string>();
  for (const s of result?.data ?? []) map.set(s.user_id, s.display_name || s.email);
  return map;
}
