-- Announcements from HQ to tenants: en/ar title and body, a severity, shown from starts_at until
-- ends_at (null: until deleted), to every tenant or to those on some plans, in some regions, or
-- named ones (a tenant matches when it is in any of the non-empty target lists). Staff with
-- settings.read read them all; tenant apps read theirs through platform_status().
CREATE TABLE public.platform_announcements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title jsonb NOT NULL,
    body jsonb NOT NULL,
    severity text DEFAULT 'info'::text NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    target_plans text[] DEFAULT '{}'::text[] NOT NULL,
    target_regions text[] DEFAULT '{}'::text[] NOT NULL,
    target_tenants uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    send_notification boolean DEFAULT false NOT NULL,
    created_by uuid,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_by uuid,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT platform_announcements_severity_check CHECK ((severity = ANY (ARRAY['info'::text, 'warning'::text, 'critical'::text]))),
    CONSTRAINT platform_announcements_title_check CHECK (((title ? 'en'::text) AND (title ? 'ar'::text))),
    CONSTRAINT platform_announcements_body_check CHECK (((body ? 'en'::text) AND (body ? 'ar'::text))),
    CONSTRAINT platform_announcements_check CHECK (((ends_at IS NULL) OR (ends_at > starts_at)))
);

COMMENT ON TABLE public.platform_announcements IS 'HQ announcements to tenants (scheduled, targeted by plan, region or tenant, en/ar); staff with settings.read read them, tenants through platform_status().';
COMMENT ON COLUMN public.platform_announcements.id IS 'Announcement id.';
COMMENT ON COLUMN public.platform_announcements.title IS 'Title, {"en": …, "ar": …}.';
COMMENT ON COLUMN public.platform_announcements.body IS 'Text, {"en": …, "ar": …}.';
COMMENT ON COLUMN public.platform_announcements.severity IS 'info, warning or critical.';
COMMENT ON COLUMN public.platform_announcements.starts_at IS 'Shown from.';
COMMENT ON COLUMN public.platform_announcements.ends_at IS 'Shown until; null: until deleted.';
COMMENT ON COLUMN public.platform_announcements.target_plans IS 'Plan codes it is for (empty: no plan filter).';
COMMENT ON COLUMN public.platform_announcements.target_regions IS 'Region codes it is for (empty: no region filter).';
COMMENT ON COLUMN public.platform_announcements.target_tenants IS 'Tenants it is for (empty: no tenant filter). All three empty: every tenant.';
COMMENT ON COLUMN public.platform_announcements.send_notification IS 'Also sent to the targeted tenants through the notifications outbox.';
COMMENT ON COLUMN public.platform_announcements.created_by IS 'The staff member who wrote it.';
COMMENT ON COLUMN public.platform_announcements.created_at IS 'When it was written.';
COMMENT ON COLUMN public.platform_announcements.updated_by IS 'The staff member who last changed it.';
COMMENT ON COLUMN public.platform_announcements.updated_at IS 'When it was last changed.';

ALTER TABLE ONLY public.platform_announcements
    ADD CONSTRAINT platform_announcements_pkey PRIMARY KEY (id);

CREATE INDEX platform_announcements_starts_at_idx ON public.platform_announcements USING btree (starts_at);

ALTER TABLE public.platform_announcements ENABLE ROW LEVEL SECURITY;

create policy "settings readers read announcements" on public.platform_announcements for select to hq_staff
  using (( SELECT private.has_permission('settings.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.platform_announcements FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.platform_announcements TO authenticated;
GRANT ALL ON TABLE public.platform_announcements TO service_role;
