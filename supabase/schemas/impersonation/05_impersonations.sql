CREATE TABLE public.impersonations (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    staff_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    mode text NOT NULL,
    reason text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    end_reason text,
    CONSTRAINT impersonations_check CHECK (((expires_at > started_at) AND (expires_at <= (started_at + '00:30:00'::interval)))),
    CONSTRAINT impersonations_end_reason_check CHECK ((end_reason = ANY (ARRAY['ended'::text, 'replaced'::text, 'expired'::text, 'staff_disabled'::text]))),
    CONSTRAINT impersonations_mode_check CHECK ((mode = ANY (ARRAY['read_only'::text, 'full'::text]))),
    CONSTRAINT impersonations_reason_check CHECK ((length(TRIM(BOTH FROM reason)) >= 5))
);

COMMENT ON TABLE public.impersonations IS 'HQ staff sessions acting as a tenant: read-only or full, 1-30 minutes, with a reason; one live session per staff member. Started by public.start_impersonation; staff see their own, auditors and staff managers all.';
COMMENT ON COLUMN public.impersonations.id IS 'Identifier of the session (recorded in audit entries made during it).';
COMMENT ON COLUMN public.impersonations.staff_id IS 'The staff member impersonating.';
COMMENT ON COLUMN public.impersonations.tenant_id IS 'The tenant impersonated.';
COMMENT ON COLUMN public.impersonations.mode IS 'read_only (sees what the tenant''s members see) or full (may also act; needs impersonate.full).';
COMMENT ON COLUMN public.impersonations.reason IS 'Why (at least 5 characters); audited.';
COMMENT ON COLUMN public.impersonations.started_at IS 'When it started.';
COMMENT ON COLUMN public.impersonations.expires_at IS 'When it ends by itself: after started_at, at most 30 minutes later.';
COMMENT ON COLUMN public.impersonations.ended_at IS 'When it ended; null while live (and before expires_at).';
COMMENT ON COLUMN public.impersonations.end_reason IS 'ended (by the staff member), replaced (a new session started), expired (closed by the job) or staff_disabled.';

ALTER TABLE ONLY public.impersonations
    ADD CONSTRAINT impersonations_pkey PRIMARY KEY (id);

CREATE INDEX impersonations_active_idx ON public.impersonations USING btree (staff_id) WHERE (ended_at IS NULL);

CREATE INDEX impersonations_tenant_idx ON public.impersonations USING btree (tenant_id, started_at DESC);

ALTER TABLE ONLY public.impersonations
    ADD CONSTRAINT impersonations_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.platform_staff(user_id) ON DELETE CASCADE;

ALTER TABLE ONLY public.impersonations
    ADD CONSTRAINT impersonations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.impersonations ENABLE ROW LEVEL SECURITY;

create policy "own impersonations; auditors and staff managers see all" on public.impersonations for select to authenticated
  using (staff_id = ( SELECT auth.uid() AS uid));

create policy "HQ: own impersonations; auditors and staff managers see all" on public.impersonations for select to hq_staff
  using (( SELECT private.has_permission('audit.read'::text) AS has_permission) or ( SELECT private.has_permission('staff.manage'::text) AS has_permission));

REVOKE ALL ON TABLE public.impersonations FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.impersonations TO authenticated;
GRANT ALL ON TABLE public.impersonations TO service_role;
