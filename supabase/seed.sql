-- Demo data for local development (`npm start`, `supabase start`). Idempotent: fixed ids and
-- ON CONFLICT DO NOTHING, so applying it twice changes nothing.
--
-- HQ staff (password for all: CleanMateX-demo-2026!), each with a verified TOTP factor whose
-- secret is JBSWY3DPEHPK3PXP: `npx devstack totp` prints the current code (or add the secret to
-- any authenticator app). These accounts exist only in development seeds, never in migrations.

-- ── staff ───────────────────────────────────────────────────────────────────────────────────
with demo_staff (id, email, display_name, role) as (values
  ('00000000-0000-4000-a000-000000000001'::uuid, 'admin@cleanmatex.test', 'Amal Al-Harthy', 'super_admin'),
  ('00000000-0000-4000-a000-000000000002'::uuid, 'tech@cleanmatex.test', 'Tariq Al-Balushi', 'tech_admin'),
  ('00000000-0000-4000-a000-000000000003'::uuid, 'biz@cleanmatex.test', 'Bushra Al-Said', 'biz_admin'),
  ('00000000-0000-4000-a000-000000000004'::uuid, 'support@cleanmatex.test', 'Salim Al-Rawahi', 'support'),
  ('00000000-0000-4000-a000-000000000005'::uuid, 'auditor@cleanmatex.test', 'Aisha Al-Lawati', 'auditor')
), users as (
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
         extensions.crypt('CleanMateX-demo-2026!', extensions.gen_salt('bf', 10)), now(),
         '{"provider":"email","providers":["email"]}', jsonb_build_object('display_name', display_name), now(), now()
  from demo_staff
  on conflict (id) do nothing
  returning id
), identities as (
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  select id::text, id, jsonb_build_object('sub', id::text, 'email', email), 'email', now(), now() from demo_staff
  on conflict (provider_id, provider) do nothing
), factors as (
  insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
  select ('00000000-0000-4000-b000-' || right(id::text, 12))::uuid, id, 'Demo authenticator', 'totp', 'verified',
         now(), now(), 'JBSWY3DPEHPK3PXP'
  from demo_staff
  on conflict (id) do nothing
)
insert into public.platform_staff (user_id, email, display_name, role_code, status)
select id, email, display_name, role, 'active' from demo_staff
on conflict (user_id) do nothing;

-- ── tenants ─────────────────────────────────────────────────────────────────────────────────
insert into public.tenants (id, slug, name, legal_name, country, region, timezone, currency, default_locale,
                            branding, contact, status, trial_ends_at, created_at)
values
  ('10000000-0000-4000-a000-000000000001', 'al-noor-muscat', '{"en":"Al Noor Laundry","ar":"مغسلة النور"}', 'Al Noor Laundry LLC',
   'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'ar', '{"primary_color":"#0b6e4f"}', '{"name":"Khalid","email":"khalid@alnoor.test","phone":"+96890000001"}',
   'active', null, now() - interval '200 days'),
  ('10000000-0000-4000-a000-000000000002', 'crystal-riyadh', '{"en":"Crystal Dry Clean","ar":"كريستال للتنظيف الجاف"}', 'Crystal Trading Co.',
   'SA', 'GCC-SA', 'Asia/Riyadh', 'SAR', 'ar', '{}', '{"name":"Noura","email":"noura@crystal.test"}',
   'trial', now() + interval '9 days', now() - interval '5 days'),
  ('10000000-0000-4000-a000-000000000003', 'fresh-fold-dubai', '{"en":"Fresh & Fold","ar":"فريش آند فولد"}', 'Fresh and Fold FZ-LLC',
   'AE', 'GCC-AE', 'Asia/Dubai', 'AED', 'en', '{}', '{"name":"Priya","email":"priya@freshfold.test"}',
   'grace', null, now() - interval '400 days'),
  ('10000000-0000-4000-a000-000000000004', 'pearl-manama', '{"en":"Pearl Laundry","ar":"مغسلة اللؤلؤة"}', null,
   'BH', 'GCC-BH', 'Asia/Bahrain', 'BHD', 'ar', '{}', '{"name":"Hassan","email":"hassan@pearl.test"}',
   'pending_approval', null, now() - interval '2 days'),
  ('10000000-0000-4000-a000-000000000005', 'gulf-press-kuwait', '{"en":"Gulf Press","ar":"كوي الخليج"}', 'Gulf Press Co. W.L.L.',
   'KW', 'GCC-KW', 'Asia/Kuwait', 'KWD', 'ar', '{}', '{"name":"Fahad","email":"fahad@gulfpress.test"}',
   'suspended', null, now() - interval '300 days'),
  ('10000000-0000-4000-a000-000000000006', 'doha-steam', '{"en":"Doha Steam","ar":"بخار الدوحة"}', null,
   'QA', 'GCC-QA', 'Asia/Qatar', 'QAR', 'ar', '{}', '{}',
   'draft', null, now() - interval '1 day')
on conflict (id) do nothing;

insert into public.tenant_status_history (tenant_id, from_status, to_status, action, reason)
select t.id, null, t.status, 'seed', 'demo data' from public.tenants t
where t.id::text like '10000000-0000-4000-a000-%'
  and not exists (select from public.tenant_status_history h where h.tenant_id = t.id);

-- A tenant owner (tenant users never use HQ; this one shows RLS from the tenant side).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values ('00000000-0000-0000-0000-000000000000', '20000000-0000-4000-a000-000000000001', 'authenticated', 'authenticated',
        'owner@alnoor.test', extensions.crypt('CleanMateX-demo-2026!', extensions.gen_salt('bf', 10)), now(),
        '{"provider":"email","providers":["email"]}', '{}', now(), now())
on conflict (id) do nothing;
insert into public.tenant_members (tenant_id, user_id, role)
values ('10000000-0000-4000-a000-000000000001', '20000000-0000-4000-a000-000000000001', 'owner')
on conflict do nothing;

-- Provision the tenants that are live, as activation would have.
select private.provision_tenant(t.id) from public.tenants t
where t.status in ('active', 'trial', 'grace', 'suspended')
  and not exists (select from public.tenant_provisioning p where p.tenant_id = t.id);
select private.compute_tenant_health(t.id) from public.tenants t;
