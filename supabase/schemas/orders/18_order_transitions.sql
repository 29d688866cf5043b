CREATE TABLE public.order_transitions (
    id bigint NOT NULL,
    order_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    template_id uuid NOT NULL,
    version_id uuid NOT NULL,
    from_stage text,
    to_stage text NOT NULL,
    actor_id uuid,
    actor_role text,
    impersonation_id uuid,
    at timestamp with time zone NOT NULL,
    duration_seconds numeric(14,3),
    sla_minutes integer,
    sla_breached boolean DEFAULT false NOT NULL,
    note text
);

COMMENT ON TABLE public.order_transitions IS 'Every stage change of an order, append-only, with who made it, how long the order stayed in the previous stage and whether the SLA was breached. Written by public.transition_order; the stage reports aggregate it.';
COMMENT ON COLUMN public.order_transitions.id IS 'Sequential identifier.';
COMMENT ON COLUMN public.order_transitions.order_id IS 'The order.';
COMMENT ON COLUMN public.order_transitions.tenant_id IS 'The order''s tenant.';
COMMENT ON COLUMN public.order_transitions.template_id IS 'The order''s workflow template.';
COMMENT ON COLUMN public.order_transitions.version_id IS 'The workflow version in force for the order.';
COMMENT ON COLUMN public.order_transitions.from_stage IS 'Stage left; null for the order''s first stage.';
COMMENT ON COLUMN public.order_transitions.to_stage IS 'Stage entered.';
COMMENT ON COLUMN public.order_transitions.actor_id IS 'User who moved the order.';
COMMENT ON COLUMN public.order_transitions.actor_role IS 'The actor''s role when moving it (owner, admin, operator or viewer; admin for a full impersonation, owner for the service role).';
COMMENT ON COLUMN public.order_transitions.impersonation_id IS 'The impersonation session it was made in, if any.';
COMMENT ON COLUMN public.order_transitions.at IS 'When the order moved.';
COMMENT ON COLUMN public.order_transitions.duration_seconds IS 'Seconds spent in from_stage; null for the first stage.';
COMMENT ON COLUMN public.order_transitions.sla_minutes IS 'SLA of from_stage in minutes from the workflow, if any.';
COMMENT ON COLUMN public.order_transitions.sla_breached IS 'True when duration_seconds exceeded the SLA.';
COMMENT ON COLUMN public.order_transitions.note IS 'Note given with the move.';

ALTER TABLE public.order_transitions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.order_transitions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.order_transitions
    ADD CONSTRAINT order_transitions_pkey PRIMARY KEY (id);

CREATE INDEX order_transitions_actor_idx ON public.order_transitions USING btree (actor_id);

CREATE INDEX order_transitions_at_idx ON public.order_transitions USING btree (at);

CREATE INDEX order_transitions_order_idx ON public.order_transitions USING btree (order_id, id);

CREATE INDEX order_transitions_template_idx ON public.order_transitions USING btree (template_id);

CREATE INDEX order_transitions_tenant_at_idx ON public.order_transitions USING btree (tenant_id, at);

CREATE INDEX order_transitions_version_idx ON public.order_transitions USING btree (version_id);

ALTER TABLE ONLY public.order_transitions
    ADD CONSTRAINT order_transitions_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.order_transitions
    ADD CONSTRAINT order_transitions_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.order_transitions
    ADD CONSTRAINT order_transitions_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id);

ALTER TABLE ONLY public.order_transitions
    ADD CONSTRAINT order_transitions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.order_transitions
    ADD CONSTRAINT order_transitions_version_id_fkey FOREIGN KEY (version_id) REFERENCES public.workflow_versions(id);

ALTER TABLE public.order_transitions ENABLE ROW LEVEL SECURITY;

create policy "order transitions: members and impersonators read" on public.order_transitions for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: order transitions: members and impersonators read" on public.order_transitions for select to hq_staff
  using (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.order_transitions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.order_transitions TO authenticated;
GRANT ALL ON TABLE public.order_transitions TO service_role;

REVOKE ALL ON SEQUENCE public.order_transitions_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.order_transitions_id_seq TO anon;
GRANT ALL ON SEQUENCE public.order_transitions_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.order_transitions_id_seq TO service_role;
