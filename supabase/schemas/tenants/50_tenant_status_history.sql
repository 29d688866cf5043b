CREATE TABLE public.tenant_status_history (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    from_status text,
    to_status text NOT NULL,
    action text NOT NULL,
    reason text,
    actor_id uuid,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.tenant_status_history IS 'Every status change of every tenant, append-only: from, to, the action, the reason and who (null for the lifecycle calendar). Follows tenant visibility.';
COMMENT ON COLUMN public.tenant_status_history.id IS 'Sequential identifier (order of the changes).';
COMMENT ON COLUMN public.tenant_status_history.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_status_history.from_status IS 'Status before; null at creation.';
COMMENT ON COLUMN public.tenant_status_history.to_status IS 'Status after.';
COMMENT ON COLUMN public.tenant_status_history.action IS 'The lifecycle action (tenant_lifecycle_transitions.action) or calendar move.';
COMMENT ON COLUMN public.tenant_status_history.reason IS 'Why, as given.';
COMMENT ON COLUMN public.tenant_status_history.actor_id IS 'Who changed it; null for automatic moves.';
COMMENT ON COLUMN public.tenant_status_history.changed_at IS 'When.';

ALTER TABLE public.tenant_status_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tenant_status_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.tenant_status_history
    ADD CONSTRAINT tenant_status_history_pkey PRIMARY KEY (id);

CREATE INDEX tenant_status_history_actor_idx ON public.tenant_status_history USING btree (actor_id);

CREATE INDEX tenant_status_history_tenant_idx ON public.tenant_status_history USING btree (tenant_id, id DESC);

ALTER TABLE ONLY public.tenant_status_history
    ADD CONSTRAINT tenant_status_history_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.tenant_status_history
    ADD CONSTRAINT tenant_status_history_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_status_history ENABLE ROW LEVEL SECURITY;

create policy "status history follows tenant visibility" on public.tenant_status_history for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: status history follows tenant visibility" on public.tenant_status_history for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_status_history FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_status_history TO authenticated;
GRANT ALL ON TABLE public.tenant_status_history TO service_role;

REVOKE ALL ON SEQUENCE public.tenant_status_history_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.tenant_status_history_id_seq TO anon;
GRANT ALL ON SEQUENCE public.tenant_status_history_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.tenant_status_history_id_seq TO service_role;
