-- Guard inputs are facts recorded by functions (issue 12 §6). What the requires_payment,
-- requires_scan_ok and requires_pod guards read (paid, amount_paid, scan_status,
-- proof_of_delivery) is no longer writable directly (no column grant: 42501 → 403); it changes
-- only through record_order_payment, record_scan and record_proof_of_delivery, which check the
-- caller's right first, lock the order, validate, write and audit.

revoke update (amount_paid, paid, proof_of_delivery, scan_status) on public.orders from authenticated;

-- Every payment recorded against an order, so amount_paid is the sum of facts, not a typed number.
create table public.order_payments (
  id uuid primary key default extensions.gen_random_uuid(),
  order_id uuid not null references public.orders (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  amount numeric(14,3) not null check (amount > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  -- true when the caller said the payment may exceed what was due (a tip, a deposit)
  overpayment boolean not null default false,
  reference text check (length(reference) <= 200),
  recorded_by uuid references auth.users (id) on delete set null,
  impersonation_id uuid,
  recorded_at timestamptz not null default now()
);
create index order_payments_order_idx on public.order_payments (order_id, recorded_at);
create index order_payments_tenant_idx on public.order_payments (tenant_id, recorded_at desc);
create index order_payments_recorded_by_idx on public.order_payments (recorded_by);
comment on table public.order_payments is 'Payments recorded against orders by record_order_payment; orders.amount_paid is their sum.';

alter table public.order_payments enable row level security;
revoke all on public.order_payments from anon;
revoke insert, update, delete, truncate on public.order_payments from authenticated;
create policy "order payments: members and impersonators read" on public.order_payments for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));

-- The order a caller wants to record a fact on, locked: the caller's reach first (another tenant's
-- order and a missing one both answer 404; nothing unreachable is locked), then the caller's role.
create or replace function private.order_for_fact(order_id uuid, what text)
returns public.orders
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.orders;
  v_role text;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    raise exception using errcode = 'PT401', message = 'sign in first', detail = 'auth.not_signed_in', hint = 'send a valid access token';
  end if;
  select * into o from public.orders x
  where x.id = order_for_fact.order_id
    and (private.is_trusted_caller()
         or x.tenant_id in (select private.my_tenant_ids())
         or x.tenant_id in (select private.impersonated_tenant_ids(false)))
  for update;
  if o.id is null then
    raise exception using errcode = 'PT404', message = 'no such order', detail = 'workflow.order_not_found', hint = 'check the order id';
  end if;
  v_role := private.order_actor_role(o.tenant_id);
  if v_role is null then
    raise exception using errcode = 'PT403', message = format('a read-only impersonation cannot record %s', what),
      detail = 'workflow.read_only', hint = 'start a full impersonation';
  end if;
  if v_role not in ('owner', 'admin', 'operator') then
    raise exception using errcode = 'PT403', message = format('a tenant %s may not record %s', v_role, what),
      detail = 'workflow.role_not_allowed', hint = 'allowed roles: owner, admin, operator';
  end if;
  return o;
end
$$;

-- Records a payment on an order. The amount may not exceed what is still due unless
-- allow_overpayment is true. Returns {order_id, amount_paid, amount_due, paid, payment_id}.
create or replace function public.record_order_payment(order_id uuid, amount numeric, reference text default null,
                                                       allow_overpayment boolean default false)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.orders;
  v_after public.orders;
  v_due numeric;
  v_payment uuid;
begin
  o := private.order_for_fact(record_order_payment.order_id, 'payments');
  perform private.assert_text_size(reference, 'the payment reference', 'reference');
  if amount is null or amount <= 0 or amount <> round(amount, 3) or amount > 99999999999.999 then
    raise exception using errcode = '22023', message = format('a payment is a positive amount with at most 3 decimals, not %s', coalesce(amount::text, 'null')),
      detail = 'order.invalid_payment_amount', hint = 'e.g. 4.500';
  end if;
  v_due := greatest(o.amount_total - o.amount_paid, 0);
  if amount > v_due and not coalesce(allow_overpayment, false) then
    raise exception using errcode = '22023', message = format('%s %s is more than the %s %s still due', amount, o.currency, v_due, o.currency),
      detail = 'order.overpayment', hint = 'record at most the amount due, or pass allow_overpayment => true for a deliberate overpayment';
  end if;
  insert into public.order_payments (order_id, tenant_id, amount, currency, overpayment, reference, recorded_by, impersonation_id)
  values (o.id, o.tenant_id, amount, o.currency, amount > v_due, nullif(btrim(reference), ''), auth.uid(),
          private.current_impersonation_id(o.tenant_id))
  returning id into v_payment;
  update public.orders x set amount_paid = x.amount_paid + record_order_payment.amount,
                             paid = x.amount_paid + record_order_payment.amount >= x.amount_total
  where x.id = o.id
  returning * into v_after;
  perform audit.record('order.record_payment', 'order', o.id::text,
    jsonb_build_object('amount_paid', o.amount_paid, 'paid', o.paid),
    jsonb_build_object('amount_paid', v_after.amount_paid, 'paid', v_after.paid, 'payment_id', v_payment, 'amount', amount,
                       'overpayment', amount > v_due),
    o.tenant_id, nullif(btrim(reference), ''));
  return jsonb_build_object('order_id', o.id, 'payment_id', v_payment, 'amount_paid', v_after.amount_paid,
                            'amount_due', greatest(v_after.amount_total - v_after.amount_paid, 0), 'paid', v_after.paid);
end
$$;

-- Records the result of the items scan: ok or failed. Returns {order_id, scan_status}.
create or replace function public.record_scan(order_id uuid, status text, note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.orders;
begin
  o := private.order_for_fact(record_scan.order_id, 'scans');
  perform private.assert_text_size(note, 'the scan note', 'note');
  if status is null or status not in ('ok', 'failed') then
    raise exception using errcode = '22023', message = format('a scan result is ok or failed, not %s', coalesce(status, 'null')),
      detail = 'order.invalid_scan_status', hint = 'ok or failed';
  end if;
  update public.orders x set scan_status = record_scan.status where x.id = o.id;
  perform audit.record('order.record_scan', 'order', o.id::text, jsonb_build_object('scan_status', o.scan_status),
    jsonb_build_object('scan_status', status), o.tenant_id, nullif(btrim(note), ''));
  return jsonb_build_object('order_id', o.id, 'scan_status', status);
end
$$;

-- Records the proof of delivery (a signature or photo reference kept by the tenant app).
-- Returns {order_id, proof_of_delivery}.
create or replace function public.record_proof_of_delivery(order_id uuid, reference text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.orders;
begin
  o := private.order_for_fact(record_proof_of_delivery.order_id, 'proof of delivery');
  perform private.assert_text_size(reference, 'the proof reference', 'reference');
  update public.orders x set proof_of_delivery = true where x.id = o.id;
  perform audit.record('order.record_proof_of_delivery', 'order', o.id::text, jsonb_build_object('proof_of_delivery', o.proof_of_delivery),
    jsonb_build_object('proof_of_delivery', true), o.tenant_id, nullif(btrim(reference), ''));
  return jsonb_build_object('order_id', o.id, 'proof_of_delivery', true);
end
$$;

comment on function public.record_order_payment(uuid, numeric, text, boolean) is
  'Records a payment on an order (owner, admin, operator, full impersonation); refuses more than is due unless allow_overpayment.';
comment on function public.record_scan(uuid, text, text) is 'Records the items scan result (ok or failed) of an order.';
comment on function public.record_proof_of_delivery(uuid, text) is 'Records that an order was delivered with proof.';

revoke execute on function private.order_for_fact(uuid, text) from public, anon, authenticated;
revoke execute on function public.record_order_payment(uuid, numeric, text, boolean), public.record_scan(uuid, text, text),
  public.record_proof_of_delivery(uuid, text) from public, anon;
grant execute on function public.record_order_payment(uuid, numeric, text, boolean), public.record_scan(uuid, text, text),
  public.record_proof_of_delivery(uuid, text) to authenticated, service_role;
