-- Hand-written (roles are not part of the schema diff): the database role HQ staff's requests run
-- as (docs/rls-performance.md). The custom access token hook sets `role: hq_staff` in an HQ staff
-- member's token; PostgREST switches to it. A member of `authenticated` (INHERIT): it keeps every
-- grant and every `to authenticated` policy, and the staff arms of the policies are `to hq_staff`,
-- so a tenant user's plans never carry them. devstack's bootstrap (devstack/sql/bootstrap/00_roles.sql)
-- creates the same role for the schema files' database.
do $$
begin
  if not exists (select from pg_roles where rolname = 'hq_staff') then
    create role hq_staff nologin inherit;
  end if;
end
$$;

grant authenticated to hq_staff;
grant hq_staff to authenticator;
grant hq_staff to postgres;
alter role hq_staff set statement_timeout = '8s';
