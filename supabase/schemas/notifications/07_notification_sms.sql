-- SMS length: GSM-7 (160 characters, 153 per part when split; ^{}\[~]|€ count twice) unless a
-- character is outside GSM-7 (Arabic), then UCS-2 (70, 67 per part; characters beyond the BMP count twice).
create function private.sms_segments(body text) returns jsonb
    language plpgsql immutable
    set search_path to ''
    as $$
declare
  gsm constant text := E'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&''()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  ext constant text := E'^{}\\[~]|€\f';
  ch text;
  units int := 0;
  is_gsm boolean := true;
begin
  foreach ch in array regexp_split_to_array(coalesce(body, ''), '') loop
    if strpos(gsm, ch) > 0 then
      units := units + 1;
    elsif strpos(ext, ch) > 0 then
      units := units + 2;
    else
      is_gsm := false;
      exit;
    end if;
  end loop;
  if not is_gsm then
    select coalesce(sum(case when ascii(c) > 65535 then 2 else 1 end), 0) into units
    from regexp_split_to_table(coalesce(body, ''), '') c where c <> '';
  end if;
  return jsonb_build_object(
    'encoding', case when is_gsm then 'gsm7' else 'ucs2' end,
    'characters', length(coalesce(body, '')),
    'units', units,
    'segments', case when units = 0 then 0
                     when units <= case when is_gsm then 160 else 70 end then 1
                     else ceil(units::numeric / case when is_gsm then 153 else 67 end)::int end);
end
$$;

revoke all on function private.sms_segments(text) from public, anon, authenticated, service_role;

-- A phone number as E.164 (+ and 8 to 15 digits, spaces, dots, dashes and brackets dropped), or null.
create function private.e164(phone text) returns text
    language sql immutable
    set search_path to ''
    as $$
  select case when p ~ '^\+[1-9][0-9]{7,14}$' then p end
  from (select regexp_replace(btrim(coalesce(phone, '')), '[\s().-]', '', 'g') as p) x
$$;

revoke all on function private.e164(text) from public, anon, authenticated, service_role;

-- When quiet hours end for a message written at "at" in timezone tz, or null when not quiet.
create function private.notification_quiet_until(quiet_start time, quiet_end time, tz text, at timestamptz) returns timestamptz
    language plpgsql stable
    set search_path to ''
    as $$
declare
  local_ts timestamp := at at time zone coalesce(tz, 'UTC');
  t time := local_ts::time;
  end_day date := local_ts::date;
begin
  if quiet_start is null or quiet_end is null or quiet_start = quiet_end then
    return null;
  end if;
  if quiet_start < quiet_end then
    if t < quiet_start or t >= quiet_end then return null; end if;
  else
    -- overnight: 21:00-08:00
    if t < quiet_start and t >= quiet_end then return null; end if;
    if t >= quiet_start then end_day := end_day + 1; end if;
  end if;
  return (end_day + quiet_end) at time zone coalesce(tz, 'UTC');
end
$$;

revoke all on function private.notification_quiet_until(time, time, text, timestamptz) from public, anon, authenticated, service_role;
