CREATE TABLE public.tenant_health (
    tenant_id uuid NOT NULL,
    score integer NOT NULL,
    signals jsonb NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    inputs jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT tenant_health_inputs_check CHECK ((jsonb_typeof(inputs) = 'object'::text)),
    CONSTRAINT tenant_health_score_check CHECK (((score >= 0) AND (score <= 100)))
);

COMMENT ON TABLE public.tenant_health IS 'Health score of each tenant (0-100) and the signals behind it, recomputed by a job from its recent activity; read by tenants.read staff and impersonators.';
COMMENT ON COLUMN public.tenant_health.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_health.score IS 'Health from 0 (at risk) to 100 (healthy).';
COMMENT ON COLUMN public.tenant_health.signals IS 'The signals that lowered the score (no orders, no sign-ins, unpaid invoice…), as JSON.';
COMMENT ON COLUMN public.tenant_health.computed_at IS 'When it was computed.';

ALTER TABLE ONLY public.tenant_health
    ADD CONSTRAINT tenant_health_pkey PRIMARY KEY (tenant_id);

ALTER TABLE ONLY public.tenant_health
    ADD CONSTRAINT tenant_health_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_health ENABLE ROW LEVEL SECURITY;

create policy "health follows tenant visibility" on public.tenant_health for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_health FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_health TO authenticated;
GRANT ALL ON TABLE public.tenant_health TO service_role;

COMMENT ON COLUMN public.tenant_health.inputs IS 'The figures behind the signals: age_days, new_tenant, orders_30d, order_moves_30d, users_signed_in_30d.';
