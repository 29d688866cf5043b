CREATE TABLE private.job_keys (
    queue_name text NOT NULL,
    idempotency_key text NOT NULL,
    job_id bigint NOT NULL,
    state text NOT NULL,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT job_keys_check CHECK (((state = 'succeeded'::text) = (expires_at IS NOT NULL))),
    CONSTRAINT job_keys_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'succeeded'::text, 'dead'::text])))
);

ALTER TABLE ONLY private.job_keys
    ADD CONSTRAINT job_keys_pkey PRIMARY KEY (queue_name, idempotency_key);

CREATE INDEX job_keys_expires_at_idx ON private.job_keys USING btree (expires_at) WHERE (expires_at IS NOT NULL);

ALTER TABLE ONLY private.job_keys
    ADD CONSTRAINT job_keys_queue_name_fkey FOREIGN KEY (queue_name) REFERENCES private.job_queues(queue_name) ON DELETE CASCADE;

ALTER TABLE private.job_keys ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON TABLE private.job_keys FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.job_keys TO service_role;
