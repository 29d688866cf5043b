CREATE TABLE public.tenant_lifecycle_transitions (
    action text NOT NULL,
    from_status text NOT NULL,
    to_status text NOT NULL,
    permission text NOT NULL
);

COMMENT ON TABLE public.tenant_lifecycle_transitions IS 'The tenant status machine: which action moves a tenant from which status to which, and the permission it needs. Code-owned reference data.';
COMMENT ON COLUMN public.tenant_lifecycle_transitions.action IS 'Action name (approve, activate, suspend, reactivate…).';
COMMENT ON COLUMN public.tenant_lifecycle_transitions.from_status IS 'Status the action applies to.';
COMMENT ON COLUMN public.tenant_lifecycle_transitions.to_status IS 'Status it leads to.';
COMMENT ON COLUMN public.tenant_lifecycle_transitions.permission IS 'Permission the staff member needs.';

ALTER TABLE ONLY public.tenant_lifecycle_transitions
    ADD CONSTRAINT tenant_lifecycle_transitions_pkey PRIMARY KEY (action, from_status);

ALTER TABLE ONLY public.tenant_lifecycle_transitions
    ADD CONSTRAINT tenant_lifecycle_transitions_permission_fkey FOREIGN KEY (permission) REFERENCES public.permissions(code);

-- Covers the foreign key on permission (referential checks on the referenced row's update or delete).
CREATE INDEX tenant_lifecycle_transitions_permission_idx ON public.tenant_lifecycle_transitions USING btree (permission);

ALTER TABLE public.tenant_lifecycle_transitions ENABLE ROW LEVEL SECURITY;

create policy "staff read the lifecycle" on public.tenant_lifecycle_transitions for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.tenant_lifecycle_transitions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_lifecycle_transitions TO authenticated;
GRANT ALL ON TABLE public.tenant_lifecycle_transitions TO service_role;

INSERT INTO public.tenant_lifecycle_transitions (action, from_status, to_status, permission) VALUES
	('submit', 'draft', 'pending_approval', 'tenants.write'),
	('reject', 'pending_approval', 'draft', 'tenants.lifecycle'),
	('approve', 'pending_approval', 'approved', 'tenants.lifecycle'),
	('start_trial', 'approved', 'trial', 'tenants.lifecycle'),
	('activate', 'approved', 'active', 'tenants.lifecycle'),
	('activate', 'trial', 'active', 'tenants.lifecycle'),
	('enter_grace', 'trial', 'grace', 'tenants.lifecycle'),
	('enter_grace', 'active', 'grace', 'tenants.lifecycle'),
	('suspend', 'trial', 'suspended', 'tenants.lifecycle'),
	('suspend', 'grace', 'suspended', 'tenants.lifecycle'),
	('freeze', 'suspended', 'frozen', 'tenants.lifecycle'),
	('reactivate', 'grace', 'active', 'tenants.lifecycle'),
	('reactivate', 'suspended', 'active', 'tenants.lifecycle'),
	('reactivate', 'frozen', 'active', 'tenants.lifecycle'),
	('reactivate', 'archived', 'active', 'tenants.lifecycle'),
	('archive', 'draft', 'archived', 'tenants.lifecycle'),
	('archive', 'pending_approval', 'archived', 'tenants.lifecycle'),
	('archive', 'approved', 'archived', 'tenants.lifecycle'),
	('archive', 'trial', 'archived', 'tenants.lifecycle'),
	('archive', 'active', 'archived', 'tenants.lifecycle'),
	('archive', 'grace', 'archived', 'tenants.lifecycle'),
	('archive', 'suspended', 'archived', 'tenants.lifecycle'),
	('archive', 'frozen', 'archived', 'tenants.lifecycle'),
	('churn', 'archived', 'churned', 'tenants.lifecycle');
