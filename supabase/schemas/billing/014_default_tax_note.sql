CREATE FUNCTION private.default_tax_note(treatment text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case default_tax_note.treatment
    when 'reverse_charge' then '{"en":"Reverse charge: VAT to be accounted for by the recipient.","ar":"احتساب عكسي: يتحمل المستلم احتساب ضريبة القيمة المضافة."}'::jsonb
    when 'exempt' then '{"en":"Exempt from VAT.","ar":"معفى من ضريبة القيمة المضافة."}'::jsonb
  end
$$;

REVOKE ALL ON FUNCTION private.default_tax_note(treatment text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.default_tax_note(treatment text) FROM PUBLIC;
