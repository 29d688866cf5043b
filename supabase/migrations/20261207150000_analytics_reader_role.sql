-- Hand-written (keep): the NOLOGIN role BI tools' login roles join to read the `analytics` views.
-- Roles are cluster-wide, so `devstack diff` does not emit them; the generated migration grants to it.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'analytics_reader') then
    create role analytics_reader nologin;
  end if;
end
$$;
