CREATE FUNCTION private.dunning_set_next(case_id uuid) RETURNS public.dunning_cases
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.dunning_cases;
  pol public.dunning_policy;
  n record;
begin
  select * into c from public.dunning_cases x where x.id = dunning_set_next.case_id;
  select * into pol from public.dunning_policy p where p.id = 1;
  n := private.dunning_next(c, pol);
  update public.dunning_cases x set next_action = n.action, next_action_at = n.at where x.id = c.id
  returning * into c;
  return c;
end
$$;

REVOKE ALL ON FUNCTION private.dunning_set_next(case_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_set_next(case_id uuid) FROM PUBLIC;
