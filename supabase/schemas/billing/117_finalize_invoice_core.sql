CREATE FUNCTION private.finalize_invoice_core(invoice_id uuid, with_audit boolean DEFAULT true) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  inv public.invoices;
  tenant_currency text;
  p public.billing_profiles;
  now_at timestamptz := private.now();
  issue date;
  yr int;
  n int;
  num text;
  applied numeric := 0;
  due numeric;
  rate numeric;
  treatment text;
  mu int;
  cnt int;
  s_sub numeric;
  s_disc numeric;
  s_tax numeric;
  tot numeric;
begin
  select * into inv from public.invoices i where i.id = finalize_invoice_core.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status <> 'draft' then
    perform private.fail('billing.invoice_not_draft', format('invoice %s is %s, only a draft can be finalised', coalesce(inv.number, inv.id::text), inv.status));
  end if;
  select * into p from public.billing_profiles b where b.tenant_id = inv.tenant_id for update;
  treatment := coalesce(p.tax_treatment, 'standard');
  issue := private.local_date(now_at, inv.timezone);
  yr := extract(year from issue)::int;
  rate := case when treatment = 'standard' then private.tax_rate_for(inv.tax_country, issue) else 0 end;
  mu := private.currency_minor_unit(inv.currency);
  -- tax per line on (amount − discount), rounded; the totals are sums of the rounded lines
  with u as (
    update public.invoice_lines l set tax_amount = round((l.amount - l.discount_amount) * rate / 100, mu)
    where l.invoice_id = inv.id
    returning l.amount, l.discount_amount, l.tax_amount
  )
  select count(*), coalesce(sum(u.amount), 0), coalesce(sum(u.discount_amount), 0), coalesce(sum(u.tax_amount), 0)
  into cnt, s_sub, s_disc, s_tax from u;
  if cnt = 0 then
    perform private.fail('billing.invoice_empty', 'an invoice without lines cannot be finalised');
  end if;
  tot := s_sub - s_disc + s_tax;

  insert into private.document_sequences as d (kind, billing_year, last_number) values ('invoice', yr, 1)
  on conflict on constraint document_sequences_pkey do update set last_number = d.last_number + 1
  returning d.last_number into n;
  num := format('HQ-%s-%s', yr, lpad(n::text, 6, '0'));

  if p.tenant_id is not null and ((tot > 0 and p.balance > 0) or tot < 0) then
    select t.currency into tenant_currency from public.tenants t where t.id = inv.tenant_id;
    if inv.currency = tenant_currency then
      if tot > 0 then
        applied := greatest(least(p.balance, tot - inv.amount_credited - inv.amount_paid), 0);
        if applied > 0 then
          update public.billing_profiles b set balance = b.balance - applied, updated_at = now_at where b.tenant_id = inv.tenant_id;
          insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
          values (inv.tenant_id, -applied, inv.currency, 'applied to invoice ' || num, inv.id);
        end if;
      else
        update public.billing_profiles b set balance = b.balance - tot, updated_at = now_at where b.tenant_id = inv.tenant_id;
        insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
        values (inv.tenant_id, -tot, inv.currency, 'credit from invoice ' || num, inv.id);
      end if;
    end if;
  end if;
  due := greatest(tot - applied - inv.amount_credited - inv.amount_paid, 0);
  update public.invoices i
  set tax_treatment = treatment, tax_rate = rate,
      tax_note = case when treatment <> 'standard' then coalesce(p.tax_note, private.default_tax_note(treatment)) end,
      tax_registration_number = p.tax_registration_number, issue_date = issue, due_date = issue + 7,
      subtotal = s_sub, discount_total = s_disc, tax_total = s_tax, total = tot,
      number = num, billing_year = yr, balance_applied = applied, amount_due = due,
      status = case when due = 0 then 'paid' else 'open' end,
      paid_at = case when due = 0 then now_at end,
      finalized_at = now_at, updated_at = now_at
  where i.id = inv.id
  returning * into inv;
  perform private.notify('invoice.issued', inv.tenant_id, inv.id::text, jsonb_build_object('invoice_number', inv.number,
    'amount', inv.total::text, 'currency', inv.currency, 'due_date', inv.due_date::text,
    'invoice_url', private.notification_public_url() || '/billing/invoices/print/' || inv.id));
  perform private.emit_invoice_event('invoice.finalized', inv);  -- integrations
  if with_audit then
    perform audit.record('invoice.finalize', 'invoice', inv.id::text, jsonb_build_object('status', 'draft'),
      jsonb_build_object('status', inv.status, 'number', inv.number, 'total', inv.total, 'amount_due', inv.amount_due,
                         'balance_applied', inv.balance_applied, 'issue_date', inv.issue_date, 'due_date', inv.due_date),
      inv.tenant_id, null);
  end if;
  return inv;
end
$$;

REVOKE ALL ON FUNCTION private.finalize_invoice_core(invoice_id uuid, with_audit boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.finalize_invoice_core(invoice_id uuid, with_audit boolean) FROM PUBLIC;
