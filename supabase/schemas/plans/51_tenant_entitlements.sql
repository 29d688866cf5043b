CREATE TABLE public.tenant_entitlements (
    tenant_id uuid NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    entitlements jsonb NOT NULL,
    plan_code text,
    stale boolean DEFAULT false NOT NULL,
    valid_until timestamp with time zone DEFAULT 'infinity'::timestamp with time zone NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.tenant_entitlements IS 'Cache of what a tenant may use now (plan + add-ons + overrides + status restriction), one row per tenant; marked stale on any input change and recomputed on read.';
COMMENT ON COLUMN public.tenant_entitlements.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_entitlements.version IS 'Incremented at each recomputation.';
COMMENT ON COLUMN public.tenant_entitlements.entitlements IS 'Feature key to resolved value, limit type and source, as a JSON object.';
COMMENT ON COLUMN public.tenant_entitlements.plan_code IS 'Code of the plan they derive from.';
COMMENT ON COLUMN public.tenant_entitlements.stale IS 'True: an input changed; the next read recomputes.';
COMMENT ON COLUMN public.tenant_entitlements.valid_until IS 'When an input expires (override, add-on); after it the row is recomputed.';
COMMENT ON COLUMN public.tenant_entitlements.computed_at IS 'When they were computed.';

ALTER TABLE ONLY public.tenant_entitlements
    ADD CONSTRAINT tenant_entitlements_pkey PRIMARY KEY (tenant_id);

CREATE INDEX tenant_entitlements_stale_idx ON public.tenant_entitlements USING btree (tenant_id) WHERE stale;

ALTER TABLE ONLY public.tenant_entitlements
    ADD CONSTRAINT tenant_entitlements_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_entitlements ENABLE ROW LEVEL SECURITY;

create policy "entitlement readers" on public.tenant_entitlements for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: entitlement readers" on public.tenant_entitlements for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_entitlements FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_entitlements TO authenticated;
GRANT ALL ON TABLE public.tenant_entitlements TO service_role;
