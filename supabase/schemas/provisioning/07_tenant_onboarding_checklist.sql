-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.tenant_onboarding_checklist, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) RETURNS TABLE(item text, label jsonb, done boolean, source text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.tenant_onboarding_checklist(tenant_id) $$;

CREATE FUNCTION private.tenant_onboarding_checklist(tenant_id uuid) RETURNS TABLE(item text, label jsonb, done boolean, source text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
begin
  if not private.can_read_tenant(tenant_onboarding_checklist.tenant_id) and not private.is_trusted_caller() then
    perform private.fail('tenant.forbidden', 'you cannot see this tenant');
  end if;
  select * into t from public.tenants x where x.id = tenant_onboarding_checklist.tenant_id;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  return query
    select s.code, s.name, coalesce(p.status = 'done' and p.applied_version >= s.version, false), 'provisioning'
    from public.provisioning_steps s
    left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = t.id
    where s.enabled
    order by s.sort_order;
  return query values
    ('contact_email', '{"en":"Contact email set","ar":"تم تعيين البريد الإلكتروني"}'::jsonb, coalesce(t.contact ->> 'email', '') <> '', 'profile'),
    ('legal_name', '{"en":"Legal name set","ar":"تم تعيين الاسم القانوني"}'::jsonb, coalesce(t.legal_name, '') <> '', 'profile'),
    ('logo', '{"en":"Logo uploaded","ar":"تم رفع الشعار"}'::jsonb, coalesce(t.branding ->> 'logo_url', '') <> '', 'profile'),
    ('owner', '{"en":"An owner can sign in","ar":"يوجد مالك للحساب"}'::jsonb,
      exists (select from public.tenant_members m where m.tenant_id = t.id and m.role = 'owner'), 'profile');
end
$$;

REVOKE ALL ON FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) TO service_role;

COMMENT ON FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) IS 'A tenant''s onboarding checklist: each item, its label (en, ar), whether it is done and what says so (who can read the tenant, or the service role).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.tenant_onboarding_checklist(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_onboarding_checklist(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_onboarding_checklist(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_onboarding_checklist(tenant_id uuid) TO service_role;
