CREATE FUNCTION audit.head_sink(OUT url text, OUT token text) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    execute $q$select max(s.decrypted_secret) filter (where s.name = 'audit_head_sink_url'),
                      max(s.decrypted_secret) filter (where s.name = 'service_role_key')
               from vault.decrypted_secrets s where s.name in ('audit_head_sink_url', 'service_role_key')$q$
      into url, token;
  end if;
  if url is null then
    perform private.fail('audit.sink_missing', 'publishing the audit head needs the Vault secret audit_head_sink_url');
  end if;
end
$_$;

REVOKE ALL ON FUNCTION audit.head_sink(OUT url text, OUT token text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.head_sink(OUT url text, OUT token text) FROM PUBLIC;
