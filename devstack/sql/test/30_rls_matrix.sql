-- Test-only machinery for RLS matrix tests (schema `tests`): the personas every matrix checks and
-- a probe that reports what one persona can do to one table.

-- Personas, in a temp table `persona (name, user_id, aal)`: anon, the owners of tenants a and b,
-- each staff role at aal1 and aal2, and staff in a read-only, a full and an expired
-- impersonation of tenant a.
create or replace function tests.create_rls_personas(tenant_a uuid, tenant_b uuid)
returns void
language plpgsql
as $$
begin
  create temp table persona (name text primary key, user_id uuid, aal text);
  grant select on persona to public;
  insert into persona values
    ('anon', null, null),
    ('tenant_a', tests.create_user('owner@a.test'), 'aal1'),
    ('tenant_b', tests.create_user('owner@b.test'), 'aal1');
  perform tests.add_member(tenant_a, (select user_id from persona where name = 'tenant_a'), 'owner');
  perform tests.add_member(tenant_b, (select user_id from persona where name = 'tenant_b'), 'owner');
  insert into persona
  select r || '_' || l, null, l from unnest(array['super_admin', 'tech_admin', 'biz_admin', 'support', 'auditor']) r,
    unnest(array['aal1', 'aal2']) l;
  update persona p set user_id = tests.create_staff(split_part(p.name, '_aal', 1) || '@hq.test', regexp_replace(p.name, '_aal[12]$', ''))
  where p.name like '%_aal1';
  update persona p set user_id = (select q.user_id from persona q where q.name = regexp_replace(p.name, 'aal2$', 'aal1'))
  where p.name like '%_aal2';
  insert into persona values
    ('imp_ro', tests.create_staff('ro@hq.test', 'support'), 'aal2'),
    ('imp_full', tests.create_staff('full@hq.test', 'super_admin'), 'aal2'),
    ('imp_expired', tests.create_staff('expired@hq.test', 'support'), 'aal2');
  insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at) values
    ((select user_id from persona where name = 'imp_ro'), tenant_a, 'read_only', 'matrix read-only', now(), now() + interval '10 minutes'),
    ((select user_id from persona where name = 'imp_full'), tenant_a, 'full', 'matrix full', now(), now() + interval '10 minutes'),
    ((select user_id from persona where name = 'imp_expired'), tenant_a, 'read_only', 'matrix expired', now() - interval '20 minutes', now() - interval '5 minutes');
end
$$;

create or replace function tests.act_as_persona(who text)
returns void
language plpgsql
as $$
declare
  p record;
begin
  select * into p from persona where name = who;
  if who = 'anon' then
    perform tests.authenticate_as_anon();
  else
    perform tests.authenticate_as(p.user_id, p.aal);
  end if;
end
$$;

-- What a persona can do to a table: "s=<rows seen in scope> i=<ok|deny> u=<ok|deny> d=<ok|deny>".
-- Writes run in subtransactions and are undone; "ok" means the write got past grants and RLS
-- (a unique violation on the copied sample row counts as ok: only the data stopped it).
create or replace function tests.rls_probe(who text, tbl text, scope text, target text, upd text, sample jsonb)
returns text
language plpgsql
as $$
declare
  seen text; ins text; up text; del text; n bigint;
begin
  perform tests.act_as_persona(who);
  begin
    execute format('select count(*) from %s where %s', tbl, scope) into n;
    seen := n::text;
  exception when insufficient_privilege then seen := 'denied';
  end;
  begin
    execute format('insert into %s (%s) overriding system value select %2$s from jsonb_populate_record(null::%1$s, $1)',
                   tbl, (select string_agg(quote_ident(k), ', ') from jsonb_object_keys(sample) k)) using sample;
    ins := 'ok';
    raise sqlstate 'XX999';
  exception when sqlstate 'XX999' then null;
            when unique_violation then ins := 'ok';
            when insufficient_privilege or sqlstate 'PT403' then ins := 'deny';
  end;
  begin
    execute format('update %s set %s = %s where %s', tbl, upd, upd, target);
    get diagnostics n = row_count;
    up := case when n > 0 then 'ok' else 'deny' end;
    if n > 0 then raise sqlstate 'XX999'; end if;
  exception when sqlstate 'XX999' then null;
            when insufficient_privilege or sqlstate 'PT403' then up := 'deny';
  end;
  begin
    execute format('delete from %s where %s', tbl, target);
    get diagnostics n = row_count;
    del := case when n > 0 then 'ok' else 'deny' end;
    if n > 0 then raise sqlstate 'XX999'; end if;
  exception when sqlstate 'XX999' then null;
            when insufficient_privilege or sqlstate 'PT403' then del := 'deny';
  end;
  perform tests.clear_authentication();
  return format('s=%s i=%s u=%s d=%s', seen, ins, up, del);
end
$$;

-- One sample row of a table (taken as the superuser) for the insert probe, without generated
-- columns (an insert naming them fails before any privilege check).
create or replace function tests.rls_sample(tbl text, target text)
returns jsonb
language plpgsql
as $$
declare
  sample jsonb;
begin
  execute format('select to_jsonb(x) from %s x where %s limit 1', tbl, target) into sample;
  return sample - coalesce((select array_agg(a.attname::text) from pg_attribute a
                            where a.attrelid = tbl::regclass and a.attgenerated <> ''), '{}');
end
$$;

grant execute on all functions in schema tests to public;

-- What a persona should be able to do, by reader class ("s=… i=deny u=<ok if a writer> d=deny":
-- in this project no persona inserts or deletes rows directly). Reader classes:
--   signed_in                    every signed-in user
--   staff                        any active staff member at aal2
--   staff.read                   staff at aal2 except support (the staff.read / flags.read roles)
--   audit.read                   super_admin and auditor at aal2
--   tenant                       the tenant's own users (1 row each) and every staff member at aal2
--   staff_only_tenant            staff at aal2 only (not the tenant's users)
--   tenant_only                  the tenant's users and live impersonations of it; no other staff
--   tenant_or_workflow_staff     the tenant's users and workflows.read staff (not biz_admin)
--   workflow_staff_or_tenant_user  workflows.read staff and any tenant user (all rows)
--   self_or_staff.read           staff.read staff all rows, other staff their own row
--   own_or_audit                 audit.read or staff.manage all rows, other staff their own
--   nobody                       refused outright
create or replace function tests.rls_expected(who text, tbl text, scope text, readers text, writers text[])
returns text
language plpgsql
as $$
declare
  total bigint;
  seen text;
  staff_aal2 boolean := who like '%_aal2' or who like 'imp_%';
  support boolean := who in ('support_aal2', 'imp_ro', 'imp_expired');
  workflow_reader boolean := staff_aal2 and who <> 'biz_admin_aal2';
  -- readers 'permission:<code>' / 'permission_or_tenant:<code>': staff at aal2 whose role has it
  permitted boolean := staff_aal2 and exists (
    select from persona p join public.platform_staff s on s.user_id = p.user_id
    join public.role_permissions rp on rp.role_code = s.role_code
    where p.name = who and rp.permission_code = split_part(readers, ':', 2));
begin
  execute format('select count(*) from %s where %s', tbl, scope) into total;
  seen := case
    -- anon holds no grant on any table: the query itself is refused
    when who = 'anon' or readers = 'nobody' then 'denied'
    when readers = 'signed_in' then total::text
    when readers like 'permission:%' then case when permitted then total::text else '0' end
    when readers like 'permission_or_tenant:%' then case when permitted then total::text
                                                          when who in ('tenant_a', 'tenant_b') then '1' else '0' end
    when readers = 'staff' then case when staff_aal2 then total::text else '0' end
    when readers = 'staff.read' then case when staff_aal2 and not support then total::text else '0' end
    when readers = 'audit.read' then case when who in ('super_admin_aal2', 'auditor_aal2', 'imp_full') then total::text else '0' end
    when readers = 'tenant' then case when who in ('tenant_a', 'tenant_b') then '1' when staff_aal2 then total::text else '0' end
    when readers = 'staff_only_tenant' then case when staff_aal2 then total::text else '0' end
    when readers = 'tenant_only' then case when who in ('tenant_a', 'tenant_b', 'imp_ro', 'imp_full') then '1' else '0' end
    when readers = 'tenant_or_workflow_staff' then case when workflow_reader then total::text
                                                         when who in ('tenant_a', 'tenant_b') then '1' else '0' end
    when readers = 'workflow_staff_or_tenant_user' then case when workflow_reader or who in ('tenant_a', 'tenant_b') then total::text else '0' end
    when readers = 'self_or_staff.read' then case when staff_aal2 and not support then total::text
                                                   when who like '%_aal%' or who like 'imp_%' then '1' else '0' end
    when readers = 'own_or_audit' then case when who in ('super_admin_aal2', 'auditor_aal2', 'imp_full') then total::text
                                             when who in ('imp_ro', 'imp_expired') then '1' else '0' end
  end;
  if seen is null then
    raise exception 'tests.rls_expected: unknown reader class %', readers;
  end if;
  return format('s=%s i=deny u=%s d=deny', seen, case when who = any (writers) then 'ok' else 'deny' end);
end
$$;

grant execute on all functions in schema tests to public;
