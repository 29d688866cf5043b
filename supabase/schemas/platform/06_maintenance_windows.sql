-- Maintenance windows: global (region null) or for one region's tenants, from starts_at (now for an
-- immediate switch) until ends_at (null: until switched off), with a bilingual message and a reason.
-- Switching a window off (or cancelling a scheduled one) sets ended_at. While a window is active,
-- writes refuse with platform.maintenance (private.assert_not_in_maintenance).
CREATE TABLE public.maintenance_windows (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    region text,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    message jsonb NOT NULL,
    reason text NOT NULL,
    created_by uuid,
    created_at timestamptz DEFAULT now() NOT NULL,
    ended_at timestamptz,
    ended_by uuid,
    end_reason text,
    CONSTRAINT maintenance_windows_message_check CHECK (((jsonb_typeof(message) = 'object'::text) AND (message ? 'en'::text) AND (message ? 'ar'::text))),
    CONSTRAINT maintenance_windows_check CHECK (((ends_at IS NULL) OR (ends_at > starts_at)))
);

COMMENT ON TABLE public.maintenance_windows IS 'Maintenance windows, global or per region, immediate or scheduled; staff with settings.read read them, tenant apps through platform_status().';
COMMENT ON COLUMN public.maintenance_windows.id IS 'Window id.';
COMMENT ON COLUMN public.maintenance_windows.region IS 'The region whose tenants it pauses (public.regions.code); null: the whole platform.';
COMMENT ON COLUMN public.maintenance_windows.starts_at IS 'When writes start being refused.';
COMMENT ON COLUMN public.maintenance_windows.ends_at IS 'When it ends by itself; null: until switched off.';
COMMENT ON COLUMN public.maintenance_windows.message IS 'What users see, {"en": …, "ar": …}.';
COMMENT ON COLUMN public.maintenance_windows.reason IS 'Why (internal, for the audit).';
COMMENT ON COLUMN public.maintenance_windows.created_by IS 'The staff member who scheduled it.';
COMMENT ON COLUMN public.maintenance_windows.created_at IS 'When it was scheduled.';
COMMENT ON COLUMN public.maintenance_windows.ended_at IS 'When it was switched off or cancelled; null while it runs or waits.';
COMMENT ON COLUMN public.maintenance_windows.ended_by IS 'The staff member who switched it off.';
COMMENT ON COLUMN public.maintenance_windows.end_reason IS 'Why it was switched off.';

ALTER TABLE ONLY public.maintenance_windows
    ADD CONSTRAINT maintenance_windows_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.maintenance_windows
    ADD CONSTRAINT maintenance_windows_region_fkey FOREIGN KEY (region) REFERENCES public.regions(code);

CREATE INDEX maintenance_windows_region_idx ON public.maintenance_windows USING btree (region);

-- the check on every write reads only the windows not switched off
CREATE INDEX maintenance_windows_open_idx ON public.maintenance_windows USING btree (starts_at) WHERE (ended_at IS NULL);

ALTER TABLE public.maintenance_windows ENABLE ROW LEVEL SECURITY;

create policy "settings readers read maintenance windows" on public.maintenance_windows for select to hq_staff
  using (( SELECT private.has_permission('settings.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.maintenance_windows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.maintenance_windows TO authenticated;
GRANT ALL ON TABLE public.maintenance_windows TO service_role;
