-- The seller on a tax invoice and ZATCA's QR code (issue 13 §14): the seller profile is validated
-- and audited, an invoice keeps the seller it was numbered with, and a Saudi customer's invoice
-- carries a QR payload that decodes (base64 → TLV) to the seller's name, VAT number, timestamp,
-- total with VAT and VAT total.
begin;
select plan(16);


-- Decodes a ZATCA QR payload: one row per TLV field.
create function pg_temp.tlv(b64 text) returns table (tag int, value text) language plpgsql as $$
declare
  b bytea := decode(b64, 'base64');
  pos int := 0;
  len int;
begin
  while pos < octet_length(b) loop
    tag := get_byte(b, pos);
    len := get_byte(b, pos + 1);
    value := convert_from(substring(b from pos + 3 for len), 'UTF8');
    pos := pos + 2 + len;
    return next;
  end loop;
end $$;

-- ── the seller profile ──────────────────────────────────────────────────────────────────────
select is(tests.error_of($$select public.set_seller_profile('{"legal_name": {"en": "X Co."}, "country": "OM",
            "tax_registrations": {"SA": "123"}}', 'test')$$), '22023 billing.invalid_seller_profile',
          'a Saudi VAT number that is not 15 digits from 3 to 3 is refused');
select is(tests.error_of($$select public.set_seller_profile('{"legal_name": {"ar": "شركة"}, "country": "OM"}', 'test')$$),
          '22023 billing.invalid_seller_profile', 'the English legal name is required');
select is(tests.error_of($$select public.set_seller_profile('{"legal_name": {"en": "X"}, "country": "OM", "iban": "x"}', 'test')$$),
          '22023 billing.invalid_seller_profile', 'unknown keys are refused');
select is(tests.error_of(format($$select public.set_seller_profile('{"legal_name": {"en": "%s"}, "country": "OM"}', 'test')$$, repeat('x', 201))),
          '22023 billing.invalid_seller_profile', 'a legal name longer than 200 characters is refused');
select is(tests.error_of($$select public.set_seller_profile('{"country": "OM"}', '')$$), '22023 billing.reason_required',
          'a reason is required');

select public.set_seller_profile('{"legal_name": {"en": "Gulf Test Trading Co.", "ar": "شركة الخليج للتجارة"},
  "address": {"en": "Riyadh", "ar": "الرياض"}, "country": "SA", "tax_registrations": {"SA": "300000000000003"}}', 'test seller');
select is((select l.after ->> 'country' from audit.log l where l.action = 'seller_profile.update' order by l.id desc limit 1), 'SA',
          'a change of the seller profile is audited');

select tests.create_staff('sz-auditor@hq.test', 'auditor') as auditor \gset
select tests.authenticate_as(:'auditor', 'aal2');
select is(tests.error_of($$select public.set_seller_profile('{"country": "OM"}', 'not mine')$$), 'PT403 auth.permission_denied',
          'an auditor may not edit the seller profile');
select is((select s.country from public.seller_profile s), 'SA', 'but every signed-in user reads it (it is on every invoice)');
select tests.clear_authentication();

-- ── invoices carry the seller they were numbered with ───────────────────────────────────────
select tests.create_tenant('sz-riyadh') as sa \gset
select public.set_billing_profile(:'sa', '{"legal_name": "Riyadh Wash Co.", "address": {"city": "Riyadh", "country": "SA"}}');
select tests.freeze_time('2026-12-01 09:30:15+00');
select public.create_invoice(:'sa', '[{"description": {"en": "Setup"}, "quantity": 1, "unit_amount": 100, "kind": "adjustment"}]', 'zatca test') ->> 'id' as inv \gset
select public.finalize_invoice(:'inv');
select tests.unfreeze_time();
select is((select i.seller -> 'legal_name' ->> 'en' from public.invoices i where i.id = :'inv'), 'Gulf Test Trading Co.',
          'a finalised invoice carries the seller profile');
select public.set_seller_profile('{"legal_name": {"en": "Renamed Co.", "ar": "شركة أخرى"}}', 'renamed');
select is((select i.seller -> 'legal_name' ->> 'en' from public.invoices i where i.id = :'inv'), 'Gulf Test Trading Co.',
          'and keeps it when the profile changes later');

-- ── ZATCA QR ────────────────────────────────────────────────────────────────────────────────
select public.invoice_zatca_qr(:'inv') as qr \gset
select is((select array_agg(tag order by tag) from pg_temp.tlv(:'qr')), '{1,2,3,4,5}', 'the QR payload has the five TLV fields in order');
select is((select value from pg_temp.tlv(:'qr') where tag = 1), 'شركة الخليج للتجارة', 'tag 1: the seller''s name (UTF-8, Arabic)');
select is((select value from pg_temp.tlv(:'qr') where tag = 2), '300000000000003', 'tag 2: the seller''s Saudi VAT number');
select is((select value from pg_temp.tlv(:'qr') where tag = 3), '2026-12-01T09:30:15Z', 'tag 3: the time of issue, ISO 8601');
select is((select array[(select value from pg_temp.tlv(:'qr') where tag = 4), (select value from pg_temp.tlv(:'qr') where tag = 5)]),
          (select array[round(i.total, c.minor_unit)::text, round(i.tax_total, c.minor_unit)::text]
           from public.invoices i join public.currencies c on c.code = i.currency where i.id = :'inv'),
          'tags 4 and 5: the total with VAT and the VAT total, in the currency''s decimals');

select tests.create_tenant('sz-muscat') as om \gset
select is(public.invoice_zatca_qr(tests.create_open_invoice(:'om', 10)), null, 'a customer outside Saudi Arabia gets no QR');

select * from finish();
rollback;
