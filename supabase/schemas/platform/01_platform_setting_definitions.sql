-- The registry of platform settings: one row per key with its type (a JSON-Schema subset checked by
-- private.json_schema_errors: type, minimum/maximum, enum, minLength/maxLength, pattern) and its
-- default. Code-owned reference rows; the values HQ sets live in public.platform_setting_versions.
CREATE TABLE public.platform_setting_definitions (
    key text NOT NULL,
    schema jsonb NOT NULL,
    default_value jsonb NOT NULL,
    description jsonb NOT NULL,
    sort integer DEFAULT 0 NOT NULL,
    CONSTRAINT platform_setting_definitions_key_check CHECK ((key ~ '^[a-z_]+(\.[a-z_]+)+$'::text)),
    CONSTRAINT platform_setting_definitions_schema_check CHECK (((schema ->> 'type'::text) = ANY (ARRAY['string'::text, 'integer'::text, 'number'::text, 'boolean'::text]))),
    CONSTRAINT platform_setting_definitions_description_check CHECK (((description ? 'en'::text) AND (description ? 'ar'::text)))
);

COMMENT ON TABLE public.platform_setting_definitions IS 'Platform setting keys with their type and default (reference rows); read by staff with settings.read.';
COMMENT ON COLUMN public.platform_setting_definitions.key IS 'Setting key, area.name in lower case.';
COMMENT ON COLUMN public.platform_setting_definitions.schema IS 'The value''s type: a JSON-Schema subset (type, minimum, maximum, enum, minLength, maxLength, pattern).';
COMMENT ON COLUMN public.platform_setting_definitions.default_value IS 'The value while HQ has set none.';
COMMENT ON COLUMN public.platform_setting_definitions.description IS 'What it controls, {"en": …, "ar": …}.';
COMMENT ON COLUMN public.platform_setting_definitions.sort IS 'Display order on the settings page.';

ALTER TABLE ONLY public.platform_setting_definitions
    ADD CONSTRAINT platform_setting_definitions_pkey PRIMARY KEY (key);

ALTER TABLE public.platform_setting_definitions ENABLE ROW LEVEL SECURITY;

create policy "settings readers read the registry" on public.platform_setting_definitions for select to hq_staff
  using (( SELECT private.has_permission('settings.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.platform_setting_definitions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.platform_setting_definitions TO authenticated;
GRANT ALL ON TABLE public.platform_setting_definitions TO service_role;

INSERT INTO public.platform_setting_definitions (key, schema, default_value, description, sort) VALUES
	('platform.display_name', '{"type": "string", "minLength": 1, "maxLength": 80}', '"CleanMateX"', '{"ar": "اسم المنصة الظاهر في الرسائل والتطبيقات", "en": "Platform name shown in messages and apps"}', 1),
	('platform.support_email', '{"type": "string", "maxLength": 254, "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"}', '"support@cleanmatex.com"', '{"ar": "بريد الدعم الظاهر للمستأجرين", "en": "Support address shown to tenants"}', 2),
	('tenants.default_locale', '{"type": "string", "enum": ["ar", "en"]}', '"ar"', '{"ar": "لغة المستأجر الجديد الافتراضية", "en": "Default language of a new tenant"}', 3),
	('maintenance.banner_lead_minutes', '{"type": "integer", "minimum": 0, "maximum": 10080}', '1440', '{"ar": "كم دقيقة قبل الصيانة المجدولة يظهر الشريط", "en": "Minutes before a scheduled maintenance that its banner shows"}', 4),
	('announcements.max_active', '{"type": "integer", "minimum": 1, "maximum": 20}', '5', '{"ar": "أقصى عدد من الإعلانات التي يتلقاها تطبيق المستأجر مرة واحدة", "en": "Most announcements a tenant app receives at once"}', 5),
	('status.show_scheduled_maintenance', '{"type": "boolean"}', 'true', '{"ar": "إظهار الصيانة المجدولة للمستأجرين قبل بدئها", "en": "Show scheduled maintenance to tenants before it starts"}', 6);
