-- The caller's tenants as the row policies see them (docs/rls-performance.md): the set-returning
-- helpers and their array companions agree, roles filter, and HQ staff (role hq_staff) get none
-- without a lookup: a shortcut that changes no answer, because a staff account is never a member.
begin;
select plan(9);

select tests.create_tenant('mti-one') as t1 \gset
select tests.create_tenant('mti-two') as t2 \gset
select tests.create_user('member@mti.test') as member \gset
select tests.create_staff('root@mti.test', 'super_admin') as root \gset
insert into public.tenant_members (tenant_id, user_id, role) values (:'t1', :'member', 'owner'), (:'t2', :'member', 'viewer');

select tests.authenticate_as(:'member');
select is((select array_agg(x order by x) from unnest(private.my_tenant_ids_array()) x),
  (select array_agg(x order by x) from private.my_tenant_ids() x), 'a member: the array holds the same tenants as the set');
select is(array_length(private.my_tenant_ids_array(), 1), 2, 'a member: both tenants');
select is(private.my_tenant_ids_with_role_array(array['owner', 'admin']), array[:'t1'::uuid], 'a member: owner/admin tenants only');
select is(private.my_tenant_ids_with_role_array(array['owner', 'admin']),
  array(select private.my_tenant_ids_with_role(array['owner', 'admin'])), 'a member: the role array matches the role set');

select tests.authenticate_as(:'root', 'aal2');
select is(current_user::text, 'hq_staff', 'a staff member acts as hq_staff');
select is(private.my_tenant_ids_array() || private.my_tenant_ids_with_role_array(array['owner']) || array(select private.my_tenant_ids()),
  '{}'::uuid[], 'a staff member: no tenants (the shortcut)');
-- The same claims as authenticated take the lookup: the answer is the same.
select tests.authenticate_with_claims(tests.claims_for(:'root', 'aal2'), 'authenticated');
select is(private.my_tenant_ids_array() || private.my_tenant_ids_with_role_array(array['owner']) || array(select private.my_tenant_ids()),
  '{}'::uuid[], 'the staff member''s claims without the shortcut: no tenants either');
select tests.clear_authentication();

-- What the shortcut relies on (issue 12 §1): a staff account cannot be made a member.
select is(tests.error_of(format($$insert into public.tenant_members (tenant_id, user_id, role) values (%L, %L, 'owner')$$, :'t1', :'root'), '{detail}'),
  'tenant.member_is_staff', 'a staff account cannot become a tenant member');
-- and a shortcut keyed on the role only narrows: a member's claims under hq_staff see no tenant rows.
select tests.authenticate_with_claims(tests.claims_for(:'member'), 'hq_staff');
select is(private.my_tenant_ids_array(), '{}'::uuid[], 'claims of a member under hq_staff: no tenants (never more)');
select tests.clear_authentication();

select * from finish();
rollback;
