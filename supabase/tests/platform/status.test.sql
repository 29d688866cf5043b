-- platform_status(): what tenant apps (anon or signed in) and the console banner read. Maintenance
-- for the caller's regions (running, or starting within the lead time), announcements for the
-- caller (everyone, or their tenant's plan, region or the tenant itself); no internals leave.
begin;
select plan(14);

select tests.freeze_time('2026-12-01 08:00+00');
select tests.create_tenant('st-om') as om \gset
select tests.create_tenant('st-sa', 'active', 'GCC-SA') as sa \gset
select private.provision_entitlements(:'om'), private.provision_entitlements(:'sa');
select public.change_plan(:'sa', 'pro');
select tests.create_user('owner@st-om.test') as owner \gset
select tests.create_user('owner@st-sa.test') as owner_sa \gset
select tests.add_member(:'om', :'owner', 'owner'), tests.add_member(:'sa', :'owner_sa', 'owner');
select tests.create_staff('tech@sthq.test', 'tech_admin') as tech \gset
select tests.create_staff('agent@sthq.test', 'support') as agent \gset

select tests.authenticate_as(:'tech', 'aal2');
select public.set_platform_setting('maintenance.banner_lead_minutes', '60', 'one hour notice');
select public.schedule_maintenance(null, null, null, '{"en": "Upgrade", "ar": "ترقية"}', 'secret internal reason');
select public.schedule_maintenance('GCC-SA', '2026-12-01 08:30+00', null, '{"en": "KSA soon", "ar": "السعودية قريباً"}', 'ksa');
select public.schedule_maintenance(null, '2026-12-02 08:00+00', null, '{"en": "Tomorrow", "ar": "غداً"}', 'far');
select public.save_announcement(null, '{"en": "For all", "ar": "للجميع"}', '{"en": "b", "ar": "ن"}', 'info', null, null);
select public.save_announcement(null, '{"en": "Pro plan", "ar": "الخطة"}', '{"en": "b", "ar": "ن"}', 'warning', null, null, '{pro}');
select public.save_announcement(null, '{"en": "Oman", "ar": "عمان"}', '{"en": "b", "ar": "ن"}', 'info', null, null, '{}', '{GCC-OM}');
select public.save_announcement(null, '{"en": "Just you", "ar": "لك"}', '{"en": "b", "ar": "ن"}', 'critical', null, null, '{}', '{}', array[:'om'::uuid]);
select public.save_announcement(null, '{"en": "Later", "ar": "لاحقاً"}', '{"en": "b", "ar": "ن"}', 'info', '2026-12-05 00:00+00', null);
select public.save_announcement(null, '{"en": "Over", "ar": "انتهى"}', '{"en": "b", "ar": "ن"}', 'info', '2026-11-01 00:00+00', '2026-11-02 00:00+00');
select tests.clear_authentication();

create function pg_temp.windows(s jsonb) returns text[] language sql as $$
  select coalesce(array_agg((w -> 'message' ->> 'en') || ':' || (w ->> 'active') order by w ->> 'starts_at'), '{}') from jsonb_array_elements(s -> 'maintenance' -> 'windows') w $$;
create function pg_temp.titles(s jsonb) returns text[] language sql as $$
  select coalesce(array_agg(a -> 'title' ->> 'en' order by a -> 'title' ->> 'en'), '{}') from jsonb_array_elements(s -> 'announcements') a $$;

-- ── anon ────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as_anon();
select public.platform_status() as anon_status \gset
select public.platform_status('GCC-SA') as anon_sa \gset
select tests.clear_authentication();
select is(pg_temp.windows(:'anon_status'), '{Upgrade:true}', 'anon: the global window running now (not the one tomorrow, beyond the lead time)');
select is((:'anon_status'::jsonb) -> 'maintenance' -> 'windows' -> 0 -> 'message', '{"en": "Upgrade", "ar": "ترقية"}', 'with its en/ar message');
select ok((:'anon_status'::jsonb) -> 'maintenance' -> 'active' = 'true' and :'anon_status' not like '%secret internal reason%',
  'active: true, and no reason or other internals in the answer');
select is(pg_temp.windows(:'anon_sa'), '{Upgrade:true,"KSA soon:false"}', 'anon naming its region also sees that region''s window starting soon (active: false)');
select is(pg_temp.titles(:'anon_status'), '{"For all"}', 'anon: only the announcements for everyone, current ones');

-- ── tenant users ────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'owner');
select public.platform_status() as om_status \gset
select tests.authenticate_as(:'owner_sa');
select public.platform_status() as sa_status \gset
select tests.clear_authentication();
select is(pg_temp.titles(:'om_status'), '{"For all","Just you",Oman}', 'an Omani starter tenant: everyone''s, its region''s and its own');
select is(pg_temp.titles(:'sa_status'), '{"For all","Pro plan"}', 'a Saudi pro tenant: everyone''s and its plan''s');
select is((:'om_status'::jsonb) -> 'announcements' -> 0 ->> 'severity', 'critical', 'the most severe first');
select is(pg_temp.windows(:'sa_status'), '{Upgrade:true,"KSA soon:false"}', 'a tenant user sees its tenant''s region''s windows');
select is(pg_temp.windows(:'om_status'), '{Upgrade:true}', '… and not other regions''');

-- ── settings drive it ───────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.set_platform_setting('status.show_scheduled_maintenance', 'false', 'no early notice');
select public.set_platform_setting('announcements.max_active', '1', 'one at a time');
select tests.clear_authentication();
select tests.authenticate_as(:'owner_sa');
select public.platform_status() as sa_later \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.platform_status() as staff_status \gset
select tests.clear_authentication();
select is(pg_temp.windows(:'sa_later'), '{Upgrade:true}', 'show_scheduled_maintenance off: tenants no longer see coming windows');
select is(pg_temp.titles(:'sa_later'), '{"Pro plan"}', 'announcements.max_active caps the list (the most severe kept)');
select is(pg_temp.windows(:'staff_status'), '{Upgrade:true,"KSA soon:false"}', 'staff see every region''s coming windows (within the lead time)');
select is(pg_temp.titles(:'staff_status'), '{"For all","Just you",Oman,"Pro plan"}', 'staff see every current announcement');

select * from finish();
rollback;
