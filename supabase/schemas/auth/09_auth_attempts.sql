CREATE TABLE private.auth_attempts (
    id bigint NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL,
    valid boolean NOT NULL,
    attempted_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT auth_attempts_kind_check CHECK ((kind = ANY (ARRAY['password'::text, 'mfa'::text])))
);

ALTER TABLE private.auth_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.auth_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY private.auth_attempts
    ADD CONSTRAINT auth_attempts_pkey PRIMARY KEY (id);

CREATE INDEX auth_attempts_user_idx ON private.auth_attempts USING btree (user_id, attempted_at DESC);

ALTER TABLE ONLY private.auth_attempts
    ADD CONSTRAINT auth_attempts_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE private.auth_attempts ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE private.auth_attempts IS 'unused since 20261206010100 (runs live in private.auth_throttle)';
