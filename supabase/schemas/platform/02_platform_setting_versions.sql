-- Every value HQ gives a platform setting: a new row per change (version 1, 2, …), who, when and why.
-- The current value of a key is its highest version, else its default (private.platform_setting).
CREATE TABLE public.platform_setting_versions (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
    key text NOT NULL,
    version integer NOT NULL,
    value jsonb NOT NULL,
    reason text NOT NULL,
    changed_by uuid,
    changed_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT platform_setting_versions_version_check CHECK ((version > 0))
);

COMMENT ON TABLE public.platform_setting_versions IS 'The history of platform setting values, one row per change (set_platform_setting); read by staff with settings.read.';
COMMENT ON COLUMN public.platform_setting_versions.id IS 'Row id.';
COMMENT ON COLUMN public.platform_setting_versions.key IS 'The setting (platform_setting_definitions.key).';
COMMENT ON COLUMN public.platform_setting_versions.version IS '1 for the first value HQ set, then +1 per change.';
COMMENT ON COLUMN public.platform_setting_versions.value IS 'The value, valid against the definition''s schema when it was set.';
COMMENT ON COLUMN public.platform_setting_versions.reason IS 'Why it was changed.';
COMMENT ON COLUMN public.platform_setting_versions.changed_by IS 'The staff member (auth user id) who changed it.';
COMMENT ON COLUMN public.platform_setting_versions.changed_at IS 'When.';

ALTER TABLE ONLY public.platform_setting_versions
    ADD CONSTRAINT platform_setting_versions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.platform_setting_versions
    ADD CONSTRAINT platform_setting_versions_key_version_key UNIQUE (key, version);

ALTER TABLE ONLY public.platform_setting_versions
    ADD CONSTRAINT platform_setting_versions_key_fkey FOREIGN KEY (key) REFERENCES public.platform_setting_definitions(key) ON DELETE CASCADE;

ALTER TABLE public.platform_setting_versions ENABLE ROW LEVEL SECURITY;

create policy "settings readers read the history" on public.platform_setting_versions for select to hq_staff
  using (( SELECT private.has_permission('settings.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.platform_setting_versions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.platform_setting_versions TO authenticated;
GRANT ALL ON TABLE public.platform_setting_versions TO service_role;
