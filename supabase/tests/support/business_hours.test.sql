-- Business-time arithmetic: Gulf weekends per country, holidays (overlaps refused), a DST-free Gulf
-- zone and an EU zone across its October clock change. 2026-12-03 is a Thursday.
begin;
select plan(11);

create function tests.support_error(q text) returns text language plpgsql as $$
begin
  execute q;
  return 'no error';
exception when others then
  declare d text; begin get stacked diagnostics d = pg_exception_detail; return sqlstate || ' ' || d; end;
end $$;

select is(private.support_business_due('2026-12-03 16:00 Asia/Muscat', 120, 'GCC-OM', 'Asia/Muscat'),
  '2026-12-06 09:00 Asia/Muscat'::timestamptz, 'Oman: one hour on Thursday, Friday and Saturday off, one hour on Sunday');
select is(private.support_business_due('2026-12-03 16:00 Asia/Dubai', 120, 'GCC-AE', 'Asia/Dubai'),
  '2026-12-04 09:00 Asia/Dubai'::timestamptz, 'the UAE works Friday (weekend Saturday–Sunday)');
select is(private.support_business_due('2026-12-05 10:00 Asia/Dubai', 60, 'GCC-AE', 'Asia/Dubai'),
  '2026-12-07 09:00 Asia/Dubai'::timestamptz, 'a ticket opened on a UAE Saturday starts on Monday morning');
select is(private.support_business_due('2026-12-03 06:00 Asia/Riyadh', 30, 'GCC-SA', 'Asia/Riyadh'),
  '2026-12-03 08:30 Asia/Riyadh'::timestamptz, 'before opening time the clock starts at opening');
select is(private.support_business_due('2026-06-25 16:00 Asia/Muscat', 120, 'GCC-OM', 'Asia/Muscat') at time zone 'UTC',
  '2026-06-28 05:00'::timestamp, 'Gulf zones have no DST: summer hours are the same UTC hours as winter');
select is(private.support_business_due('2026-10-23 16:00 Europe/Berlin', 120, 'EU', 'Europe/Berlin'),
  '2026-10-26 09:00+00'::timestamptz, 'EU tenant across the clock change: Friday 16:00 CEST + 2h is Monday 10:00 CET (09:00 UTC)');
select is(private.support_business_minutes('2026-10-23 16:00 Europe/Berlin', '2026-10-26 09:00+00', 'EU', 'Europe/Berlin'),
  120, 'and the business minutes back between them are 120');

select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.save_support_holiday('GCC-OM', '2026-12-06', '2026-12-07', '{"en": "National holiday", "ar": "العيد الوطني"}');
select tests.clear_authentication();
select is(private.support_business_due('2026-12-03 16:00 Asia/Muscat', 120, 'GCC-OM', 'Asia/Muscat'),
  '2026-12-08 09:00 Asia/Muscat'::timestamptz, 'a holiday on Sunday–Monday moves the due time to Tuesday');
select is(private.support_business_due('2026-12-03 16:00 Asia/Dubai', 120, 'GCC-AE', 'Asia/Dubai'),
  '2026-12-04 09:00 Asia/Dubai'::timestamptz, 'an Omani holiday does not touch the UAE calendar');

select tests.authenticate_as(:'agent', 'aal2');
select is(tests.support_error($$ select public.save_support_holiday('GCC-OM', '2026-12-07', '2026-12-09', '{"en": "Overlap"}') $$),
  'PT409 support.holiday_overlap', 'a holiday overlapping another of the same calendar is refused');
select is(tests.support_error($$ select public.save_support_holiday('GCC-OM', '2026-12-09', '2026-12-08', '{"en": "Backwards"}') $$),
  '22023 support.invalid_holiday', 'a holiday ending before it starts is refused');
select tests.clear_authentication();

select * from finish();
rollback;
