-- The error catalogue: every machine code a function raises (private.fail), with its SQLSTATE (PTnnn
-- becomes HTTP nnn through PostgREST), English and Arabic titles and a default hint. Each capability
-- keeps its rows in its own folder (<capability>/00_errors.sql) beside the functions that raise them.
-- The console's titles and the docs' code tables are generated from it: npx devstack gen-errors.
CREATE TABLE private.error_codes (
    code text NOT NULL,
    sqlstate text NOT NULL,
    http_status integer NOT NULL,
    title_en text NOT NULL,
    title_ar text NOT NULL,
    hint_en text,
    hint_ar text,
    CONSTRAINT error_codes_code_check CHECK ((code ~ '^[a-z]+\.[a-z0-9_]+$'::text)),
    CONSTRAINT error_codes_sqlstate_check CHECK ((sqlstate ~ '^[0-9A-Z]{5}$'::text)),
    CONSTRAINT error_codes_http_status_check CHECK (((http_status >= 400) AND (http_status <= 599))),
    CONSTRAINT error_codes_titles_check CHECK (((btrim(title_en) <> ''::text) AND (btrim(title_ar) <> ''::text)))
);

ALTER TABLE ONLY private.error_codes
    ADD CONSTRAINT error_codes_pkey PRIMARY KEY (code);

ALTER TABLE private.error_codes ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE private.error_codes IS 'The error catalogue: one row per machine code (sent as the error''s detail) with its SQLSTATE, HTTP status, English and Arabic titles and default hint. Raised through private.fail.';
COMMENT ON COLUMN private.error_codes.code IS 'capability.code, e.g. tenant.not_found; the error''s detail';
COMMENT ON COLUMN private.error_codes.sqlstate IS 'PTnnn (HTTP nnn through PostgREST) or a standard SQLSTATE (22023 → 400, 42501 → 403)';
COMMENT ON COLUMN private.error_codes.http_status IS 'the HTTP status PostgREST answers with for sqlstate';
COMMENT ON COLUMN private.error_codes.title_en IS 'what the console shows English readers';
COMMENT ON COLUMN private.error_codes.title_ar IS 'what the console shows Arabic readers';
COMMENT ON COLUMN private.error_codes.hint_en IS 'the hint sent when the raise gives none';
COMMENT ON COLUMN private.error_codes.hint_ar IS 'the Arabic hint, where one is written';

REVOKE ALL ON TABLE private.error_codes FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.error_codes TO service_role;
