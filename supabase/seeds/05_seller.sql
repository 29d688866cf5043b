-- Demo seller profile (issue 13 §14): HQ's selling entity printed on every invoice, with a VAT
-- registration in Oman (home) and in Saudi Arabia (its invoices to Saudi customers carry ZATCA's
-- QR code). Runs before the billing seeds so their invoices carry it. Idempotent: set once.
do $$
begin
  if not exists (select from public.seller_profile) then
    perform public.set_seller_profile('{
      "legal_name": {"en": "CleanMateX Technologies Co.", "ar": "شركة كلين ميت إكس للتقنية"},
      "address": {"en": "Al Khuwair, Way 3021, Building 12, Muscat 133, Oman", "ar": "الخوير، سكة 3021، مبنى 12، مسقط 133، عُمان"},
      "country": "OM",
      "tax_registrations": {"OM": "OM1100987654", "SA": "310122393500003"}}', 'demo seed');
  end if;
end
$$;
