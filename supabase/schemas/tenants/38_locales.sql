CREATE TABLE public.locales (
    code text NOT NULL,
    name jsonb NOT NULL,
    direction text NOT NULL,
    CONSTRAINT locales_code_check CHECK ((code ~ '^[a-z]{2}$'::text)),
    CONSTRAINT locales_direction_check CHECK ((direction = ANY (ARRAY['ltr'::text, 'rtl'::text]))),
    CONSTRAINT locales_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text)))
);

COMMENT ON COLUMN public.locales.code IS 'ISO 639-1 language code (ar, en).';
COMMENT ON COLUMN public.locales.name IS 'Display name by language.';
COMMENT ON COLUMN public.locales.direction IS 'Text direction: ltr or rtl.';

ALTER TABLE ONLY public.locales
    ADD CONSTRAINT locales_pkey PRIMARY KEY (code);

ALTER TABLE public.locales ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read locales" ON public.locales FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.locales FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.locales TO authenticated;
GRANT ALL ON TABLE public.locales TO service_role;

COMMENT ON TABLE public.locales IS 'Languages a tenant may default to.';

INSERT INTO public.locales (code, name, direction) VALUES
	('ar', '{"ar": "العربية", "en": "Arabic"}', 'rtl'),
	('en', '{"ar": "الإنجليزية", "en": "English"}', 'ltr');
