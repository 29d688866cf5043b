CREATE FUNCTION public.invoice_zatca_qr(invoice_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  seller jsonb;
  buyer_country text;
  minor int;
begin
  select * into inv from public.invoices i where i.id = invoice_zatca_qr.invoice_id;
  if inv.id is null or inv.number is null or inv.finalized_at is null or inv.status = 'void' then
    return null;
  end if;
  select coalesce(nullif(b.address ->> 'country', ''), t.country) into buyer_country
  from public.tenants t left join public.billing_profiles b on b.tenant_id = t.id where t.id = inv.tenant_id;
  seller := coalesce(inv.seller, (select to_jsonb(s) from public.seller_profile s where s.id = 1));
  if buyer_country is distinct from 'SA' or seller -> 'tax_registrations' ->> 'SA' is null then
    return null;
  end if;
  select c.minor_unit into minor from public.currencies c where c.code = inv.currency;
  return private.zatca_tlv_base64(coalesce(nullif(btrim(seller -> 'legal_name' ->> 'ar'), ''), seller -> 'legal_name' ->> 'en'),
                                  seller -> 'tax_registrations' ->> 'SA', inv.finalized_at,
                                  round(inv.total, coalesce(minor, 2))::text, round(inv.tax_total, coalesce(minor, 2))::text);
end
$$;

REVOKE ALL ON FUNCTION public.invoice_zatca_qr(invoice_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.invoice_zatca_qr(invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invoice_zatca_qr(invoice_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.invoice_zatca_qr(invoice_id uuid) TO service_role;

COMMENT ON FUNCTION public.invoice_zatca_qr(invoice_id uuid) IS 'ZATCA QR payload (base64 TLV) of a numbered invoice of a Saudi customer, from the seller profile the invoice carries; null when not applicable.';
