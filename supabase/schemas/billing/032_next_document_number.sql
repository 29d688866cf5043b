CREATE FUNCTION private.next_document_number(kind text, billing_year integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_n int;
begin
  insert into private.document_sequences as s (kind, billing_year, last_number)
  values (next_document_number.kind, next_document_number.billing_year, 1)
  on conflict on constraint document_sequences_pkey do update set last_number = s.last_number + 1
  returning s.last_number into v_n;
  return v_n;
end
$$;

REVOKE ALL ON FUNCTION private.next_document_number(kind text, billing_year integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.next_document_number(kind text, billing_year integer) FROM PUBLIC;
