-- Writing the API changelog (issue 18 §6): HQ with settings.write creates or corrects an entry, or
-- retracts one (never deletes: readers stop seeing it, history keeps it). Permission first (the same
-- refusal whether the entry exists or not), then the lock, validation (sizes by private.input_limit),
-- the write and the audit entry.

create function private.assert_changelog_text(value jsonb, what text, kind text) returns void
    language plpgsql immutable
    set search_path to ''
    as $$
declare
  lang text;
begin
  if jsonb_typeof(value) is distinct from 'object' or exists (select from jsonb_object_keys(value) k where k not in ('en', 'ar')) then
    perform private.fail('integrations.invalid_changelog_entry', format('the %s is {"en": …, "ar": …}', what));
  end if;
  foreach lang in array array['en', 'ar'] loop
    if jsonb_typeof(value -> lang) is distinct from 'string' or btrim(value ->> lang) = '' or length(value ->> lang) > private.input_limit(kind) then
      perform private.fail('integrations.invalid_changelog_entry',
        format('the %s in %s is 1 to %s characters', what, case lang when 'en' then 'English' else 'Arabic' end, private.input_limit(kind)));
    end if;
  end loop;
end
$$;

revoke all on function private.assert_changelog_text(jsonb, text, text) from public, anon, authenticated, service_role;
grant execute on function private.assert_changelog_text(jsonb, text, text) to authenticated, service_role;

create function private.save_api_changelog_entry(entry_id uuid, published_on date, version text, kind text, title jsonb, body jsonb) returns uuid
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.api_changelog_entries;
  saved public.api_changelog_entries;
begin
  perform private.assert_permission('settings.write');
  if entry_id is not null then
    select * into before_row from public.api_changelog_entries e where e.id = entry_id for update;
    if before_row.id is null then
      perform private.fail('integrations.unknown_changelog_entry', 'no such changelog entry');
    end if;
    if before_row.retracted_at is not null then
      perform private.fail('integrations.changelog_retracted', 'a retracted entry is not changed');
    end if;
  end if;
  if published_on is null then
    perform private.fail('integrations.invalid_changelog_entry', 'the publication date is missing');
  end if;
  if version is null or version !~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$' then
    perform private.fail('integrations.invalid_changelog_entry', format('invalid version %L (letters, digits, . _ -, up to 40)', left(version, 60)));
  end if;
  if kind is null or kind not in ('added', 'changed', 'deprecated', 'removed') then
    perform private.fail('integrations.invalid_changelog_entry', format('invalid kind %L: added, changed, deprecated or removed', left(kind, 40)));
  end if;
  perform private.assert_changelog_text(title, 'title', 'name');
  perform private.assert_changelog_text(body, 'body', 'note');
  insert into public.api_changelog_entries as e (id, published_on, version, kind, title, body, created_by, created_at, updated_by, updated_at)
  values (coalesce(entry_id, gen_random_uuid()), published_on, version, kind,
          jsonb_build_object('en', btrim(title ->> 'en'), 'ar', btrim(title ->> 'ar')),
          jsonb_build_object('en', btrim(body ->> 'en'), 'ar', btrim(body ->> 'ar')),
          auth.uid(), private.now(), auth.uid(), private.now())
  on conflict (id) do update set
    published_on = excluded.published_on, version = excluded.version, kind = excluded.kind, title = excluded.title,
    body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
  returning * into saved;
  perform audit.record(case when before_row.id is null then 'api_changelog.create' else 'api_changelog.update' end,
    'api_changelog_entry', saved.id::text, case when before_row.id is not null then to_jsonb(before_row) end, to_jsonb(saved));
  return saved.id;
end
$$;

revoke all on function private.save_api_changelog_entry(uuid, date, text, text, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.save_api_changelog_entry(uuid, date, text, text, jsonb, jsonb) to authenticated, service_role;

create function public.save_api_changelog_entry(entry_id uuid, published_on date, version text, kind text, title jsonb, body jsonb) returns uuid
    language sql
    set search_path to ''
    as $$ select private.save_api_changelog_entry(entry_id, published_on, version, kind, title, body) $$;

revoke all on function public.save_api_changelog_entry(uuid, date, text, text, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.save_api_changelog_entry(uuid, date, text, text, jsonb, jsonb) to authenticated, service_role;
comment on function public.save_api_changelog_entry(uuid, date, text, text, jsonb, jsonb) is
  'Writes an API changelog entry (entry_id null) or corrects one: date, version, kind (added, changed, deprecated, removed), en/ar title and body (settings.write; audited api_changelog.create / update). A retracted entry is not changed.';

create function private.retract_api_changelog_entry(entry_id uuid, reason text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.api_changelog_entries;
  saved public.api_changelog_entries;
begin
  perform private.assert_permission('settings.write');
  select * into before_row from public.api_changelog_entries e where e.id = entry_id for update;
  if before_row.id is null then
    perform private.fail('integrations.unknown_changelog_entry', 'no such changelog entry');
  end if;
  if before_row.retracted_at is not null then
    perform private.fail('integrations.changelog_retracted', 'the entry was retracted already');
  end if;
  if length(btrim(coalesce(reason, ''))) < 3 then
    perform private.fail('integrations.reason_required', 'say why the entry is retracted');
  end if;
  perform private.assert_text_size(reason, 'the reason', 'reason');
  update public.api_changelog_entries e
     set retracted_at = private.now(), retracted_by = auth.uid(), retract_reason = btrim(reason), updated_by = auth.uid(), updated_at = private.now()
   where e.id = entry_id
  returning * into saved;
  perform audit.record('api_changelog.retract', 'api_changelog_entry', saved.id::text, to_jsonb(before_row), to_jsonb(saved), null, btrim(reason));
end
$$;

revoke all on function private.retract_api_changelog_entry(uuid, text) from public, anon, authenticated, service_role;
grant execute on function private.retract_api_changelog_entry(uuid, text) to authenticated, service_role;

create function public.retract_api_changelog_entry(entry_id uuid, reason text) returns void
    language sql
    set search_path to ''
    as $$ select private.retract_api_changelog_entry(entry_id, reason) $$;

revoke all on function public.retract_api_changelog_entry(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.retract_api_changelog_entry(uuid, text) to authenticated, service_role;
comment on function public.retract_api_changelog_entry(uuid, text) is
  'Retracts an API changelog entry: readers no longer see it, the row and its history stay (settings.write; a reason of 3+ characters; audited api_changelog.retract).';
