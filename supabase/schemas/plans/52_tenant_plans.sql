CREATE TABLE public.tenant_plans (
    tenant_id uuid NOT NULL,
    plan_id uuid NOT NULL,
    billing_interval text DEFAULT 'month'::text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    current_period_start timestamp with time zone NOT NULL,
    current_period_end timestamp with time zone NOT NULL,
    pending_plan_id uuid,
    pending_effective_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_plans_billing_interval_check CHECK ((billing_interval = ANY (ARRAY['month'::text, 'year'::text]))),
    CONSTRAINT tenant_plans_check CHECK ((current_period_end > current_period_start)),
    CONSTRAINT tenant_plans_check1 CHECK (((pending_plan_id IS NULL) = (pending_effective_at IS NULL)))
);

COMMENT ON TABLE public.tenant_plans IS 'The plan a tenant is on now (one row per tenant), its current usage period and any change scheduled for the period end. Written by public.change_plan and billing.';
COMMENT ON COLUMN public.tenant_plans.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_plans.plan_id IS 'The plan version in force.';
COMMENT ON COLUMN public.tenant_plans.billing_interval IS 'month or year.';
COMMENT ON COLUMN public.tenant_plans.started_at IS 'When the tenant moved to this plan.';
COMMENT ON COLUMN public.tenant_plans.current_period_start IS 'Start of the current period.';
COMMENT ON COLUMN public.tenant_plans.current_period_end IS 'End of the current period (after its start).';
COMMENT ON COLUMN public.tenant_plans.pending_plan_id IS 'Plan scheduled to take over; set together with pending_effective_at.';
COMMENT ON COLUMN public.tenant_plans.pending_effective_at IS 'When the scheduled plan takes over.';
COMMENT ON COLUMN public.tenant_plans.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.tenant_plans
    ADD CONSTRAINT tenant_plans_pkey PRIMARY KEY (tenant_id);

CREATE INDEX tenant_plans_due_idx ON public.tenant_plans USING btree (pending_effective_at) WHERE (pending_plan_id IS NOT NULL);

CREATE INDEX tenant_plans_pending_idx ON public.tenant_plans USING btree (pending_plan_id);

CREATE INDEX tenant_plans_plan_idx ON public.tenant_plans USING btree (plan_id);

ALTER TABLE ONLY public.tenant_plans
    ADD CONSTRAINT tenant_plans_pending_plan_id_fkey FOREIGN KEY (pending_plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.tenant_plans
    ADD CONSTRAINT tenant_plans_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.tenant_plans
    ADD CONSTRAINT tenant_plans_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_plans ENABLE ROW LEVEL SECURITY;

create policy "tenant plan readers" on public.tenant_plans for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant plan readers" on public.tenant_plans for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_plans FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_plans TO authenticated;
GRANT ALL ON TABLE public.tenant_plans TO service_role;
