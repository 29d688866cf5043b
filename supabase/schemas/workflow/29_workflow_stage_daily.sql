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

ALTER TABLE ONLY public.workflow_stage_daily
    ADD CONSTRAINT workflow_stage_daily_pkey PRIMARY KEY (day, tenant_id, template_id, stage);

CREATE INDEX workflow_stage_daily_template_idx ON public.workflow_stage_daily USING btree (template_id);

CREATE INDEX workflow_stage_daily_tenant_idx ON public.workflow_stage_daily USING btree (tenant_id, day);

ALTER TABLE ONLY public.workflow_stage_daily
    ADD CONSTRAINT workflow_stage_daily_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_stage_daily
    ADD CONSTRAINT workflow_stage_daily_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.workflow_stage_daily ENABLE ROW LEVEL SECURITY;

CREATE POLICY "stage aggregates: workflow staff and the tenant's users" ON public.workflow_stage_daily FOR SELECT TO authenticated USING ((( SELECT private.has_permission('workflows.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

REVOKE ALL ON TABLE public.workflow_stage_daily FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.workflow_stage_daily TO authenticated;
GRANT ALL ON TABLE public.workflow_stage_daily TO service_role;
