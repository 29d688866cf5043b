-- Checks a snapshot date range: both ends given, from <= to, not in the future, at most 731 days
-- (two years; a ten-year back-fill is refused rather than left running for hours).
create function private.assert_snapshot_range(p_from date, p_to date) returns void
  language plpgsql stable
  set search_path = ''
as $$
begin
  if p_from is null or p_to is null or p_from > p_to or p_to > (private.now() at time zone 'UTC')::date then
    perform private.fail('analytics.invalid_range',
      format('invalid date range %s .. %s', coalesce(p_from::text, 'null'), coalesce(p_to::text, 'null')));
  end if;
  if p_to - p_from + 1 > 731 then
    perform private.fail('analytics.range_too_long', format('%s days asked, at most 731 at a time', p_to - p_from + 1));
  end if;
end
$$;

revoke all on function private.assert_snapshot_range(date, date) from public, anon, authenticated, service_role;
grant execute on function private.assert_snapshot_range(date, date) to authenticated, service_role;
comment on function private.assert_snapshot_range(date, date) is 'Refuses a missing, inverted, future or longer-than-731-days date range (analytics.invalid_range, analytics.range_too_long).';

-- Back-fill: recompute the snapshots of a past date range, day by day (analytics.write). Safe to
-- repeat: rows that already hold the computed values are left alone. Returns rows inserted or changed.
create function public.backfill_snapshots(p_from date, p_to date) returns integer
  language sql
  set search_path = ''
as $$ select private.backfill_snapshots(p_from, p_to) $$;

create function private.backfill_snapshots(p_from date, p_to date) returns integer
  language plpgsql security definer
  set search_path = ''
as $$
declare
  total integer := 0;
  d date;
begin
  perform private.assert_permission('analytics.write');
  perform private.assert_snapshot_range(p_from, p_to);
  for d in select g::date from generate_series(p_from, p_to, interval '1 day') g loop
    total := total + private.snapshot_day(d);
  end loop;
  perform audit.record('analytics.backfill', 'tenant_daily_snapshots', p_from::text || '..' || p_to::text,
    null, jsonb_build_object('from', p_from, 'to', p_to, 'rows', total), null);
  return total;
end
$$;

revoke all on function public.backfill_snapshots(date, date) from public, anon, authenticated, service_role;
grant execute on function public.backfill_snapshots(date, date) to authenticated, service_role;
comment on function public.backfill_snapshots(date, date) is 'Recomputes daily snapshots for a past date range of at most 731 days (analytics.write); idempotent; returns rows inserted or changed.';
revoke all on function private.backfill_snapshots(date, date) from public, anon, authenticated, service_role;
grant execute on function private.backfill_snapshots(date, date) to authenticated, service_role;
