-- Inputs have a size (issue 12 §4): the documented maximums of text and jsonb inputs, and the
-- checks that refuse an oversized input early with 400 (22023) and a stable code. The limits are
-- listed in docs/security-oracles-and-limits.md; change both together.

-- The maximum of one kind of input (characters for text, bytes of JSON text for jsonb, elements
-- for arrays). Immutable, so a check costs nothing but the comparison.
create or replace function private.input_limit(kind text)
returns int
language sql
immutable
set search_path = ''
as $$
  select case kind
    when 'reason' then 1000              -- why a state change was made
    when 'note' then 2000                -- free notes on an order transition or a publish
    when 'name' then 200                 -- a name or label in one language
    when 'reference' then 200            -- an external reference (payment reference, idempotency key)
    when 'workflow.bytes' then 262144    -- a workflow definition (256 KB of JSON text)
    when 'workflow.stages' then 200      -- stages in one workflow
    when 'workflow.transitions' then 2000
    when 'workflow.guards' then 10       -- guards on one transition
    when 'workflow.patch_bytes' then 65536
    when 'workflow.patch_items' then 200 -- entries in each part of an override patch
    when 'workflow.patch_disable' then 50 -- stages one patch disables (each is bridged in turn)
    when 'name.locales' then 10          -- languages of one bilingual name
    when 'heavy.per_caller' then 1       -- heavy calls one caller may run at once
    when 'heavy.slots' then 4            -- heavy calls the whole database runs at once
    when 'json.bytes' then 65536         -- any other jsonb document (settings, rules, profiles, definitions)
  end
$$;

-- Refuses a text longer than the limit of its kind: 22023 input.too_long.
create or replace function private.assert_text_size(value text, what text, kind text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_max int := private.input_limit(kind);
begin
  if value is not null and length(value) > v_max then
    raise exception using errcode = '22023', message = format('%s is at most %s characters (got %s)', what, v_max, length(value)),
      detail = 'input.too_long', hint = format('shorten %s', what);
  end if;
end
$$;

-- Refuses a jsonb document whose JSON text is larger than the limit of its kind: 22023 input.too_large.
create or replace function private.assert_json_size(value jsonb, what text, kind text default 'json.bytes')
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_max int := private.input_limit(kind);
  v_size int;
begin
  if value is null then
    return;
  end if;
  v_size := octet_length(value::text);
  if v_size > v_max then
    raise exception using errcode = '22023', message = format('%s is at most %s bytes of JSON (got %s)', what, v_max, v_size),
      detail = 'input.too_large', hint = format('send a smaller %s', what);
  end if;
end
$$;

-- Refuses a JSON array with more elements than the limit of its kind: 22023 input.too_many.
create or replace function private.assert_json_count(value jsonb, what text, kind text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_max int := private.input_limit(kind);
  v_count int := case jsonb_typeof(value) when 'array' then jsonb_array_length(value)
                                         when 'object' then (select count(*) from jsonb_object_keys(value)) else 0 end;
begin
  if v_count > v_max then
    raise exception using errcode = '22023', message = format('%s has at most %s entries (got %s)', what, v_max, v_count),
      detail = 'input.too_many', hint = format('split or shorten %s', what);
  end if;
end
$$;

-- A statement timeout or a cancellation inside a heavy function becomes 503 with a retry hint and a
-- stable code (PostgREST answers 500 for SQLSTATE 57014; PT503 makes it 503).
create or replace function private.raise_timeout(what text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT503', message = format('%s took too long and was cancelled', what),
    detail = 'service.timeout', hint = 'retry in a few seconds; if it keeps happening, send a smaller input';
end
$$;

-- Heavy calls (validating or rebuilding a large workflow) take a slot: at most heavy.per_caller at
-- once per caller and heavy.slots at once in all. Without a free slot the call answers at once with
-- 503 service.busy instead of queueing, so heavy calls cannot hold every pooled connection. The
-- slots are transaction-scoped advisory locks: they free themselves when the call ends.
create or replace function private.enter_heavy_section(what text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_caller text := coalesce(auth.uid()::text, 'system');
  v_taken boolean := false;
begin
  for slot in 1 .. private.input_limit('heavy.per_caller') loop
    if pg_try_advisory_xact_lock(hashtext('cmx.heavy.caller.' || slot), hashtext(v_caller)) then
      v_taken := true;
      exit;
    end if;
  end loop;
  if v_taken then
    v_taken := false;
    for slot in 1 .. private.input_limit('heavy.slots') loop
      if pg_try_advisory_xact_lock(hashtext('cmx.heavy.slot'), slot) then
        v_taken := true;
        exit;
      end if;
    end loop;
  end if;
  if not v_taken then
    raise exception using errcode = 'PT503', message = format('too many large requests are running; %s was not started', what),
      detail = 'service.busy', hint = 'retry in a second; send one large request at a time';
  end if;
end
$$;

revoke execute on function private.input_limit(text), private.assert_text_size(text, text, text),
  private.assert_json_size(jsonb, text, text), private.assert_json_count(jsonb, text, text), private.raise_timeout(text),
  private.enter_heavy_section(text)
  from public, anon;
grant execute on function private.input_limit(text), private.assert_text_size(text, text, text),
  private.assert_json_size(jsonb, text, text), private.assert_json_count(jsonb, text, text), private.raise_timeout(text),
  private.enter_heavy_section(text)
  to authenticated, service_role;
