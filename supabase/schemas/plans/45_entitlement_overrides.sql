CREATE TABLE public.entitlement_overrides (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    feature_key text NOT NULL,
    kind text NOT NULL,
    value jsonb,
    reason text NOT NULL,
    actor_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    removed_at timestamp with time zone,
    removed_by uuid,
    CONSTRAINT entitlement_overrides_check CHECK (((kind = 'grant'::text) = (value IS NOT NULL))),
    CONSTRAINT entitlement_overrides_kind_check CHECK ((kind = ANY (ARRAY['grant'::text, 'revoke'::text]))),
    CONSTRAINT entitlement_overrides_reason_check CHECK ((length(TRIM(BOTH FROM reason)) >= 3))
);

COMMENT ON TABLE public.entitlement_overrides IS 'Per-tenant exceptions to the plan: grant a feature value or revoke a feature, with a reason and an optional expiry; at most one live override per tenant and feature. Written by plans.write staff; removed ones are kept.';
COMMENT ON COLUMN public.entitlement_overrides.id IS 'Identifier of the override.';
COMMENT ON COLUMN public.entitlement_overrides.tenant_id IS 'The tenant it applies to.';
COMMENT ON COLUMN public.entitlement_overrides.feature_key IS 'The feature overridden.';
COMMENT ON COLUMN public.entitlement_overrides.kind IS 'grant (value replaces the plan''s) or revoke (the feature is off / limit 0).';
COMMENT ON COLUMN public.entitlement_overrides.value IS 'The granted value in the feature''s type; set for grant, null for revoke.';
COMMENT ON COLUMN public.entitlement_overrides.reason IS 'Why (at least 3 characters); audited.';
COMMENT ON COLUMN public.entitlement_overrides.actor_id IS 'Staff user who set it.';
COMMENT ON COLUMN public.entitlement_overrides.created_at IS 'When it was set.';
COMMENT ON COLUMN public.entitlement_overrides.expires_at IS 'When it stops applying by itself; null: until removed.';
COMMENT ON COLUMN public.entitlement_overrides.removed_at IS 'When staff removed it; null while live.';
COMMENT ON COLUMN public.entitlement_overrides.removed_by IS 'Staff user who removed it.';

ALTER TABLE ONLY public.entitlement_overrides
    ADD CONSTRAINT entitlement_overrides_pkey PRIMARY KEY (id);

CREATE INDEX entitlement_overrides_actor_idx ON public.entitlement_overrides USING btree (actor_id);

CREATE INDEX entitlement_overrides_feature_idx ON public.entitlement_overrides USING btree (feature_key);

CREATE UNIQUE INDEX entitlement_overrides_live_idx ON public.entitlement_overrides USING btree (tenant_id, feature_key) WHERE (removed_at IS NULL);

CREATE INDEX entitlement_overrides_removed_by_idx ON public.entitlement_overrides USING btree (removed_by);

ALTER TABLE ONLY public.entitlement_overrides
    ADD CONSTRAINT entitlement_overrides_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.entitlement_overrides
    ADD CONSTRAINT entitlement_overrides_feature_key_fkey FOREIGN KEY (feature_key) REFERENCES public.features(key);

ALTER TABLE ONLY public.entitlement_overrides
    ADD CONSTRAINT entitlement_overrides_removed_by_fkey FOREIGN KEY (removed_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.entitlement_overrides
    ADD CONSTRAINT entitlement_overrides_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.entitlement_overrides ENABLE ROW LEVEL SECURITY;

create policy "override readers" on public.entitlement_overrides for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: override readers" on public.entitlement_overrides for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.entitlement_overrides FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.entitlement_overrides TO authenticated;
GRANT ALL ON TABLE public.entitlement_overrides TO service_role;
