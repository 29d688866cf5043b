CREATE FUNCTION private.register_job_handler(job_type text, sql_handler regprocedure DEFAULT NULL::regprocedure, edge_function text DEFAULT NULL::text, max_attempts integer DEFAULT NULL::integer, description text DEFAULT ''::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_handler text;
begin
  if register_job_handler.job_type is null
     or register_job_handler.job_type !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' or length(register_job_handler.job_type) > 100 then
    perform private.fail('jobs.invalid_job_type', format('invalid job type: %s', coalesce(register_job_handler.job_type, 'null')));
  end if;
  if (register_job_handler.sql_handler is null) = (register_job_handler.edge_function is null) then
    perform private.fail('jobs.invalid_handler', 'a handler is either a SQL function or an Edge Function');
  end if;
  if register_job_handler.edge_function is not null and register_job_handler.edge_function !~ '^[A-Za-z0-9_-]{1,100}$' then
    perform private.fail('jobs.invalid_handler', format('invalid Edge Function name: %s', register_job_handler.edge_function),
      'the folder name under supabase/functions');
  end if;
  if register_job_handler.max_attempts is not null and register_job_handler.max_attempts not between 1 and 100 then
    perform private.fail('jobs.invalid_max_attempts', 'max_attempts must be between 1 and 100',
      'or null for the queue''s default');
  end if;
  if register_job_handler.sql_handler is not null then
    if not exists (
      select from pg_catalog.pg_proc p
      where p.oid = register_job_handler.sql_handler and p.prokind = 'f'
        and p.proargtypes = '3802 3802'::pg_catalog.oidvector   -- (jsonb, jsonb)
    ) then
      perform private.fail('jobs.invalid_handler_signature', format('%s is not a handler function', register_job_handler.sql_handler));
    end if;
    -- Schema-qualified and quoted as needed (search_path is empty here).
    v_handler := register_job_handler.sql_handler::regproc::text;
  end if;
  insert into private.job_handlers as h (job_type, sql_handler, edge_function, max_attempts, description, updated_at)
  values (register_job_handler.job_type, v_handler, register_job_handler.edge_function, register_job_handler.max_attempts,
    coalesce(register_job_handler.description, ''), now())
  on conflict on constraint job_handlers_pkey do update set
    sql_handler = excluded.sql_handler, edge_function = excluded.edge_function, max_attempts = excluded.max_attempts,
    description = excluded.description, updated_at = excluded.updated_at;
end
$_$;

REVOKE ALL ON FUNCTION private.register_job_handler(job_type text, sql_handler regprocedure, edge_function text, max_attempts integer, description text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.register_job_handler(job_type text, sql_handler regprocedure, edge_function text, max_attempts integer, description text) FROM PUBLIC;
