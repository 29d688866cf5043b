CREATE TABLE public.subscription_add_ons (
    subscription_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    add_on_code text NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT subscription_add_ons_quantity_check CHECK (((quantity >= 1) AND (quantity <= 1000)))
);

COMMENT ON TABLE public.subscription_add_ons IS 'Add-ons billed with a subscription, with their quantity; kept in step with tenant_add_ons. Written by public.set_subscription_add_on.';
COMMENT ON COLUMN public.subscription_add_ons.subscription_id IS 'The subscription.';
COMMENT ON COLUMN public.subscription_add_ons.tenant_id IS 'Its tenant.';
COMMENT ON COLUMN public.subscription_add_ons.add_on_code IS 'The add-on.';
COMMENT ON COLUMN public.subscription_add_ons.quantity IS 'Units bought (1-1000).';
COMMENT ON COLUMN public.subscription_add_ons.created_at IS 'When it was added.';

ALTER TABLE ONLY public.subscription_add_ons
    ADD CONSTRAINT subscription_add_ons_pkey PRIMARY KEY (subscription_id, add_on_code);

CREATE INDEX subscription_add_ons_add_on_idx ON public.subscription_add_ons USING btree (add_on_code);

CREATE INDEX subscription_add_ons_tenant_idx ON public.subscription_add_ons USING btree (tenant_id);

ALTER TABLE ONLY public.subscription_add_ons
    ADD CONSTRAINT subscription_add_ons_add_on_code_fkey FOREIGN KEY (add_on_code) REFERENCES public.add_ons(code);

ALTER TABLE ONLY public.subscription_add_ons
    ADD CONSTRAINT subscription_add_ons_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subscription_add_ons
    ADD CONSTRAINT subscription_add_ons_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.subscription_add_ons ENABLE ROW LEVEL SECURITY;

create policy "subscription add-on readers" on public.subscription_add_ons for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: subscription add-on readers" on public.subscription_add_ons for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.subscription_add_ons FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.subscription_add_ons TO authenticated;
GRANT ALL ON TABLE public.subscription_add_ons TO service_role;
