CREATE TABLE public.tenant_add_ons (
    tenant_id uuid NOT NULL,
    add_on_code text NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    CONSTRAINT tenant_add_ons_quantity_check CHECK (((quantity >= 1) AND (quantity <= 1000)))
);

COMMENT ON TABLE public.tenant_add_ons IS 'Add-ons a tenant holds now, with quantity and optional expiry; they add to the plan''s entitlements.';
COMMENT ON COLUMN public.tenant_add_ons.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_add_ons.add_on_code IS 'The add-on.';
COMMENT ON COLUMN public.tenant_add_ons.quantity IS 'Units held (1-1000).';
COMMENT ON COLUMN public.tenant_add_ons.started_at IS 'When the tenant got it.';
COMMENT ON COLUMN public.tenant_add_ons.expires_at IS 'When it stops counting; null: until removed.';

ALTER TABLE ONLY public.tenant_add_ons
    ADD CONSTRAINT tenant_add_ons_pkey PRIMARY KEY (tenant_id, add_on_code);

CREATE INDEX tenant_add_ons_add_on_idx ON public.tenant_add_ons USING btree (add_on_code);

ALTER TABLE ONLY public.tenant_add_ons
    ADD CONSTRAINT tenant_add_ons_add_on_code_fkey FOREIGN KEY (add_on_code) REFERENCES public.add_ons(code);

ALTER TABLE ONLY public.tenant_add_ons
    ADD CONSTRAINT tenant_add_ons_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_add_ons ENABLE ROW LEVEL SECURITY;

create policy "tenant add-on readers" on public.tenant_add_ons for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant add-on readers" on public.tenant_add_ons for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_add_ons FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_add_ons TO authenticated;
GRANT ALL ON TABLE public.tenant_add_ons TO service_role;
