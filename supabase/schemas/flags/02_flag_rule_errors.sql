CREATE FUNCTION private.flag_rule_errors(rules jsonb) RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  r jsonb;
  i int := 0;
  errors text[] := '{}';
begin
  if rules is null or jsonb_typeof(rules) <> 'array' then
    return array['rules must be an array'];
  end if;
  for r in select * from jsonb_array_elements(rules) loop
    i := i + 1;
    if jsonb_typeof(r) <> 'object' then
      errors := errors || format('rule %s: must be an object', i); continue;
    end if;
    case r ->> 'type'
      when 'tenant_allow', 'tenant_deny' then
        if jsonb_typeof(r -> 'tenants') is distinct from 'array'
           or exists (select from jsonb_array_elements_text(r -> 'tenants') x
                      where x !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
          errors := errors || format('rule %s: tenants must be an array of tenant ids', i);
        end if;
      when 'plan' then
        if jsonb_typeof(r -> 'plans') is distinct from 'array' then
          errors := errors || format('rule %s: plans must be an array of plan codes', i);
        elsif exists (select from jsonb_array_elements_text(r -> 'plans') x where not exists (select from public.plans p where p.code = x)) then
          errors := errors || format('rule %s: unknown plan', i);
        end if;
      when 'region' then
        if jsonb_typeof(r -> 'regions') is distinct from 'array' then
          errors := errors || format('rule %s: regions must be an array', i);
        end if;
      when 'percentage' then
        if jsonb_typeof(r -> 'percentage') is distinct from 'number' or (r ->> 'percentage')::numeric not between 0 and 100 then
          errors := errors || format('rule %s: percentage must be a number from 0 to 100', i);
        end if;
      else
        errors := errors || format('rule %s: type must be tenant_allow, tenant_deny, plan, region or percentage', i);
    end case;
    if r ? 'enabled' and jsonb_typeof(r -> 'enabled') <> 'boolean' then
      errors := errors || format('rule %s: enabled must be true or false', i);
    end if;
  end loop;
  return errors;
end
$_$;

REVOKE ALL ON FUNCTION private.flag_rule_errors(rules jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.flag_rule_errors(rules jsonb) FROM PUBLIC;
