CREATE TABLE public.workflow_stage_daily (
    day date NOT NULL,
    tenant_id uuid NOT NULL,
    template_id uuid NOT NULL,
    stage text NOT NULL,
    transitions integer NOT NULL,
    p50_seconds numeric(14,3),
    p95_seconds numeric(14,3),
    total_seconds numeric(18,3) NOT NULL,
    sla_breaches integer NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.workflow_stage_daily IS 'Daily per-tenant, per-template, per-stage aggregates of order_transitions (counts, p50/p95 time in stage, SLA breaches), computed by a job.';
COMMENT ON COLUMN public.workflow_stage_daily.day IS 'The day (UTC).';
COMMENT ON COLUMN public.workflow_stage_daily.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.workflow_stage_daily.template_id IS 'The workflow template.';
COMMENT ON COLUMN public.workflow_stage_daily.stage IS 'The stage left.';
COMMENT ON COLUMN public.workflow_stage_daily.transitions IS 'Orders that left the stage that day.';
COMMENT ON COLUMN public.workflow_stage_daily.p50_seconds IS 'Median seconds spent in the stage.';
COMMENT ON COLUMN public.workflow_stage_daily.p95_seconds IS '95th percentile of seconds spent in the stage.';
COMMENT ON COLUMN public.workflow_stage_daily.total_seconds IS 'Total seconds spent in the stage.';
COMMENT ON COLUMN public.workflow_stage_daily.sla_breaches IS 'Transitions that breached the stage''s SLA.';
COMMENT ON COLUMN public.workflow_stage_daily.computed_at IS 'When the row was computed.';

ALTER TABLE ONLY public.workflow_stage_daily
    ADD CONSTRAINT workflow_stage_daily_pkey PRIMARY KEY (day, tenant_id, template_id, stage);

CREATE INDEX workflow_stage_daily_template_idx ON public.workflow_stage_daily USING btree (template_id);

CREATE INDEX workflow_stage_daily_tenant_idx ON public.workflow_stage_daily USING btree (tenant_id, day);

ALTER TABLE ONLY public.workflow_stage_daily
    ADD CONSTRAINT workflow_stage_daily_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_stage_daily
    ADD CONSTRAINT workflow_stage_daily_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.workflow_stage_daily ENABLE ROW LEVEL SECURITY;

create policy "stage aggregates: workflow staff and the tenant's users" on public.workflow_stage_daily for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: stage aggregates: workflow staff and the tenant's users" on public.workflow_stage_daily for select to hq_staff
  using (( SELECT private.has_permission('workflows.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.workflow_stage_daily FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.workflow_stage_daily TO authenticated;
GRANT ALL ON TABLE public.workflow_stage_daily TO service_role;
