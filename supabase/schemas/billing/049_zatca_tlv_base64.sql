CREATE FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  vals text[] := array[seller_name, vat_number, to_char(issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), total, vat_total];
  tlv bytea := '';
  v bytea;
  i int;
begin
  for i in 1 .. 5 loop
    if vals[i] is null or vals[i] = '' then
      perform private.fail('billing.invalid_seller_profile', format('ZATCA QR: tag %s has no value', i));
    end if;
    v := convert_to(vals[i], 'UTF8');
    if octet_length(v) > 255 then
      perform private.fail('billing.invalid_seller_profile', format('ZATCA QR: tag %s is longer than 255 bytes', i),
        'shorten the seller''s legal name');
    end if;
    tlv := tlv || set_byte('\x00'::bytea, 0, i) || set_byte('\x00'::bytea, 0, octet_length(v)) || v;
  end loop;
  return translate(encode(tlv, 'base64'), E'\n', '');
end
$$;

REVOKE ALL ON FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) TO authenticated;
GRANT ALL ON FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) TO service_role;

COMMENT ON FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) IS 'ZATCA QR payload: base64 of TLV (tag byte, length byte, UTF-8 value) for 1 seller name, 2 VAT number, 3 timestamp ISO 8601 (UTC), 4 total with VAT, 5 VAT total.';
