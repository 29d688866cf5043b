CREATE FUNCTION private.job_payment_reminder(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.dunning_cases;
  n int;
begin
  select * into c from public.dunning_cases x where x.id = (payload ->> 'case_id')::uuid;
  if c.id is null then
    return;
  end if;
  -- The messages (outbox, in the tenant's language) are written with the recorded reminder.
  n := private.notify('dunning.reminder', c.tenant_id, format('%s:day:%s', c.id, payload ->> 'day'),
    jsonb_build_object('invoice_number', payload ->> 'invoice_number', 'amount_due', payload ->> 'amount_due',
      'currency', payload ->> 'currency', 'due_date', payload ->> 'due_date', 'day', payload ->> 'day'));
  perform private.dunning_event(c, 'reminder_recorded', payload || jsonb_build_object('channel', 'outbox', 'messages', n,
    'message', jsonb_build_object(
      'en', format('Invoice %s: %s %s is due (since %s).', payload ->> 'invoice_number', payload ->> 'amount_due', payload ->> 'currency', payload ->> 'due_date'),
      'ar', format('الفاتورة %s: مبلغ %s %s مستحق (منذ %s).', payload ->> 'invoice_number', payload ->> 'amount_due', payload ->> 'currency', payload ->> 'due_date'))));
end
$$;

REVOKE ALL ON FUNCTION private.job_payment_reminder(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_payment_reminder(payload jsonb, job jsonb) FROM PUBLIC;
