// The staff role matrix as the database holds it (public.permissions, public.role_permissions),
// for the console's access tests: they check the console's permission map against the real
// matrix every migration produced, not a copy or a regex over one migration file.
//   DEVSTACK_DB_URL  a migrated database (`npm test` passes its throw-away cluster's URL)
import pg from 'pg';

export interface RoleMatrix {
  /** every permission code the database knows */
  permissions: string[];
  /** role code → its permission codes */
  roles: Record<string, string[]>;
}

export async function loadRoleMatrix(url = process.env.DEVSTACK_DB_URL): Promise<RoleMatrix> {
  if (!url) throw new Error('DEVSTACK_DB_URL is not set: the access tests read the role matrix from a migrated database (run them through `npm test`)');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const permissions = (await client.query<{ code: string }>('select code from public.permissions order by code')).rows.map((r) => r.code);
    const { rows } = await client.query<{ role: string; codes: string[] }>(
      `select r.code as role, coalesce(array_agg(rp.permission_code order by rp.permission_code)
                filter (where rp.permission_code is not null), '{}') as codes
       from public.platform_roles r left join public.role_permissions rp on rp.role_code = r.code
       group by r.code`);
    return { permissions, roles: Object.fromEntries(rows.map((r) => [r.role, r.codes])) };
  } finally {
    await client.end();
  }
}
