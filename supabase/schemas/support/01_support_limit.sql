-- Sizes and windows of the support desk (C12), in one place so docs/support.md and the checks agree.
create function private.support_limit(kind text) returns integer
    language sql immutable
    set search_path to ''
    as $$
  select case kind
    when 'subject' then 200            -- characters of a ticket subject
    when 'body' then 10000             -- characters of one reply or note
    when 'tags' then 20                -- tags on one ticket
    when 'tickets_per_hour' then 20    -- tickets one tenant's users may open in an hour
    when 'reopen_days' then 7          -- days after solved during which a ticket may be reopened
    when 'warn_minutes' then 60        -- minutes before an SLA target is due when the escalation job warns
    when 'inbound_per_hour' then 30    -- mails one address may send to support in an hour (more: ignored, a loop)
    when 'survey_days' then 30         -- days a CSAT survey link (the solved mail's) stays valid
    when 'csat_comment' then 2000      -- characters of a CSAT comment
    when 'attachments_per_message' then 10  -- files attached to one reply or note
    when 'attachment_name' then 200    -- characters of an attachment's file name
    when 'survey_answers' then 3       -- answers one CSAT survey link takes: the first and 2 changes (then support.survey_answer_limit)
    when 'orphan_grace_hours' then 24  -- hours an uploaded file may stay unattached before the sweep removes it
    when 'sweep_batch' then 1000       -- unattached files one sweep removes (Storage's limit for one delete request)
    when 'tenant_attachment_mib' then 200  -- MiB of attachments one tenant may keep (support.attachment_quota)
  end
$$;

revoke all on function private.support_limit(text) from public, anon, authenticated, service_role;
