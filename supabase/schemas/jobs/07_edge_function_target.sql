CREATE FUNCTION private.edge_function_target(OUT base_url text, OUT service_key text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    execute $q$select max(s.decrypted_secret) filter (where s.name = 'project_url'),
                      max(s.decrypted_secret) filter (where s.name = 'service_role_key')
               from vault.decrypted_secrets s where s.name in ('project_url', 'service_role_key')$q$
      into base_url, service_key;
  end if;
  if base_url is null or service_key is null then
    perform private.fail('jobs.edge_config_missing', 'Edge Function jobs need the Vault secrets project_url and service_role_key');
  end if;
  base_url := rtrim(base_url, '/');
end
$_$;

REVOKE ALL ON FUNCTION private.edge_function_target(OUT base_url text, OUT service_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.edge_function_target(OUT base_url text, OUT service_key text) FROM PUBLIC;
