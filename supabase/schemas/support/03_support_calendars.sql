-- Business-hours calendars, one per region: working days and hours, read in the TENANT's timezone
-- (so a Gulf calendar has no DST and an EU tenant's hours follow its own clock changes).
-- weekend holds ISO weekdays (1 = Monday .. 7 = Sunday): most GCC states rest Friday–Saturday,
-- the UAE Saturday–Sunday.
create table public.support_calendars (
  code text primary key references public.regions (code),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(btrim(name ->> 'en'), '') <> ''),
  weekend smallint[] not null check (weekend <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[] and cardinality(weekend) < 7),
  opens_at time not null,
  closes_at time not null,
  check (closes_at > opens_at)
);

alter table public.support_calendars enable row level security;
create policy "support readers see the calendars" on public.support_calendars for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_calendars from public, anon, authenticated, service_role;
grant select on table public.support_calendars to authenticated;
grant all on table public.support_calendars to service_role;

comment on table public.support_calendars is 'Business hours per region for SLA arithmetic, in the tenant''s own timezone.';
comment on column public.support_calendars.code is 'Region code (regions.code): a tenant uses its region''s calendar.';
comment on column public.support_calendars.name is 'Display name {"en","ar"}.';
comment on column public.support_calendars.weekend is 'ISO weekdays off (1 Monday .. 7 Sunday): {5,6} Friday–Saturday, {6,7} Saturday–Sunday.';
comment on column public.support_calendars.opens_at is 'Local time the working day starts.';
comment on column public.support_calendars.closes_at is 'Local time the working day ends.';

insert into public.support_calendars (code, name, weekend, opens_at, closes_at) values
  ('GCC-OM', '{"en": "Oman", "ar": "عُمان"}', '{5,6}', '08:00', '17:00'),
  ('GCC-SA', '{"en": "Saudi Arabia", "ar": "السعودية"}', '{5,6}', '08:00', '17:00'),
  ('GCC-BH', '{"en": "Bahrain", "ar": "البحرين"}', '{5,6}', '08:00', '17:00'),
  ('GCC-KW', '{"en": "Kuwait", "ar": "الكويت"}', '{5,6}', '08:00', '17:00'),
  ('GCC-QA', '{"en": "Qatar", "ar": "قطر"}', '{5,6}', '08:00', '17:00'),
  ('GCC-AE', '{"en": "United Arab Emirates", "ar": "الإمارات"}', '{6,7}', '08:00', '17:00'),
  ('EU', '{"en": "Europe", "ar": "أوروبا"}', '{6,7}', '09:00', '17:00');

-- Public holidays per calendar, edited per year (Eid dates move): whole local days off.
create table public.support_holidays (
  id bigint generated always as identity primary key,
  calendar_code text not null references public.support_calendars (code) on delete cascade,
  starts_on date not null,
  ends_on date not null,
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(btrim(name ->> 'en'), '') <> ''),
  check (ends_on >= starts_on and ends_on - starts_on < 31)
);
create index support_holidays_calendar_code_starts_on_idx on public.support_holidays (calendar_code, starts_on);

alter table public.support_holidays enable row level security;
create policy "support readers see the holidays" on public.support_holidays for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_holidays from public, anon, authenticated, service_role;
grant select on table public.support_holidays to authenticated;
grant all on table public.support_holidays to service_role;

comment on table public.support_holidays is 'Public holidays of a business-hours calendar (whole local days, inclusive); ranges never overlap.';
comment on column public.support_holidays.id is 'Holiday id.';
comment on column public.support_holidays.calendar_code is 'The calendar (region).';
comment on column public.support_holidays.starts_on is 'First day off (local date).';
comment on column public.support_holidays.ends_on is 'Last day off (local date, inclusive).';
comment on column public.support_holidays.name is 'Display name {"en","ar"}.';
