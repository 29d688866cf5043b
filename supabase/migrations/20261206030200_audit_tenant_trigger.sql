-- The tenant profile audit trigger builds each row image once (it built four) — the audited
-- tenant update is what bench/identity.bench.ts compares with the unaudited one (issue 12 §3).
create or replace function private.tenants_audit_profile_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_image jsonb := to_jsonb(old) - 'updated_at';
  after_image jsonb := to_jsonb(new) - 'updated_at';
begin
  -- Lifecycle columns change through transition_tenant, which writes its own entry.
  if (before_image - 'status' - 'status_changed_at' - 'trial_ends_at')
     is distinct from (after_image - 'status' - 'status_changed_at' - 'trial_ends_at') then
    perform audit.record('tenant.update', 'tenant', new.id::text, before_image, after_image, new.id);
  end if;
  return null;
end
$$;
revoke execute on function private.tenants_audit_profile_update() from public, anon;
