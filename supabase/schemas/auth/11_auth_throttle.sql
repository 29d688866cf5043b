CREATE TABLE private.auth_throttle (
    user_id uuid NOT NULL,
    source text NOT NULL,
    kind text NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    last_failure_at timestamp with time zone,
    blocked_until timestamp with time zone,
    reason text,
    CONSTRAINT auth_throttle_kind_check CHECK ((kind = ANY (ARRAY['password'::text, 'mfa'::text]))),
    CONSTRAINT auth_throttle_source_check CHECK (((length(source) >= 1) AND (length(source) <= 64)))
);

ALTER TABLE ONLY private.auth_throttle
    ADD CONSTRAINT auth_throttle_pkey PRIMARY KEY (user_id, source, kind);

CREATE INDEX auth_throttle_blocked_idx ON private.auth_throttle USING btree (blocked_until) WHERE (blocked_until IS NOT NULL);

ALTER TABLE ONLY private.auth_throttle
    ADD CONSTRAINT auth_throttle_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE private.auth_throttle ENABLE ROW LEVEL SECURITY;
