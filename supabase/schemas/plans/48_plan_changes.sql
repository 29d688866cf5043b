CREATE TABLE public.plan_changes (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    from_plan_id uuid,
    to_plan_id uuid NOT NULL,
    direction text NOT NULL,
    effective text NOT NULL,
    effective_at timestamp with time zone NOT NULL,
    status text NOT NULL,
    proration jsonb DEFAULT '{}'::jsonb NOT NULL,
    reason text,
    actor_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT plan_changes_direction_check CHECK ((direction = ANY (ARRAY['new'::text, 'upgrade'::text, 'downgrade'::text, 'lateral'::text]))),
    CONSTRAINT plan_changes_effective_check CHECK ((effective = ANY (ARRAY['now'::text, 'period_end'::text]))),
    CONSTRAINT plan_changes_status_check CHECK ((status = ANY (ARRAY['applied'::text, 'scheduled'::text, 'cancelled'::text, 'blocked'::text])))
);

COMMENT ON TABLE public.plan_changes IS 'Every plan change of a tenant (new, upgrade, downgrade, lateral), applied now or scheduled for the period end, with its proration. Written by public.change_plan; read by the tenant''s members, plans.read staff and impersonators.';
COMMENT ON COLUMN public.plan_changes.id IS 'Sequential identifier.';
COMMENT ON COLUMN public.plan_changes.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.plan_changes.from_plan_id IS 'The plan before; null for a first plan.';
COMMENT ON COLUMN public.plan_changes.to_plan_id IS 'The plan after.';
COMMENT ON COLUMN public.plan_changes.direction IS 'new, upgrade, downgrade or lateral (by plan tier).';
COMMENT ON COLUMN public.plan_changes.effective IS 'now, or period_end (scheduled).';
COMMENT ON COLUMN public.plan_changes.effective_at IS 'When the change takes or took effect.';
COMMENT ON COLUMN public.plan_changes.status IS 'applied, scheduled, cancelled (a scheduled change withdrawn) or blocked (current usage exceeds the target plan''s limits).';
COMMENT ON COLUMN public.plan_changes.proration IS 'Credit for unused time and charge for the new plan, as computed (JSON object).';
COMMENT ON COLUMN public.plan_changes.reason IS 'Why, as given by the actor.';
COMMENT ON COLUMN public.plan_changes.actor_id IS 'User who changed the plan.';
COMMENT ON COLUMN public.plan_changes.created_at IS 'When the change was requested.';

ALTER TABLE public.plan_changes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.plan_changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.plan_changes
    ADD CONSTRAINT plan_changes_pkey PRIMARY KEY (id);

CREATE INDEX plan_changes_actor_idx ON public.plan_changes USING btree (actor_id);

CREATE INDEX plan_changes_from_idx ON public.plan_changes USING btree (from_plan_id);

CREATE INDEX plan_changes_tenant_idx ON public.plan_changes USING btree (tenant_id, id DESC);

CREATE INDEX plan_changes_to_idx ON public.plan_changes USING btree (to_plan_id);

ALTER TABLE ONLY public.plan_changes
    ADD CONSTRAINT plan_changes_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.plan_changes
    ADD CONSTRAINT plan_changes_from_plan_id_fkey FOREIGN KEY (from_plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.plan_changes
    ADD CONSTRAINT plan_changes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plan_changes
    ADD CONSTRAINT plan_changes_to_plan_id_fkey FOREIGN KEY (to_plan_id) REFERENCES public.plans(id);

ALTER TABLE public.plan_changes ENABLE ROW LEVEL SECURITY;

create policy "plan change readers" on public.plan_changes for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: plan change readers" on public.plan_changes for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.plan_changes FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.plan_changes TO authenticated;
GRANT ALL ON TABLE public.plan_changes TO service_role;

REVOKE ALL ON SEQUENCE public.plan_changes_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.plan_changes_id_seq TO anon;
GRANT ALL ON SEQUENCE public.plan_changes_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.plan_changes_id_seq TO service_role;
