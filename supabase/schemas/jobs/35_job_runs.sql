CREATE TABLE private.job_runs (
    id bigint NOT NULL,
    job_id bigint NOT NULL,
    queue_name text NOT NULL,
    job_type text NOT NULL,
    msg_id bigint NOT NULL,
    attempt integer NOT NULL,
    handler_kind text NOT NULL,
    run_at timestamp with time zone,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    outcome text NOT NULL,
    error_message text,
    error_sqlstate text,
    error_detail text,
    retry_at timestamp with time zone,
    net_request_id bigint,
    duration_ms numeric GENERATED ALWAYS AS (round((EXTRACT(epoch FROM (ended_at - started_at)) * (1000)::numeric), 3)) STORED,
    trace_id text,
    CONSTRAINT job_runs_attempt_check CHECK ((attempt >= 1)),
    CONSTRAINT job_runs_check CHECK (((outcome = 'running'::text) = (ended_at IS NULL))),
    CONSTRAINT job_runs_handler_kind_check CHECK ((handler_kind = ANY (ARRAY['sql'::text, 'edge_function'::text, 'none'::text]))),
    CONSTRAINT job_runs_outcome_check CHECK ((outcome = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'dead_lettered'::text, 'timed_out'::text])))
);

ALTER TABLE private.job_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.job_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY private.job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (id);

CREATE INDEX job_runs_job_attempt_idx ON private.job_runs USING btree (job_id, attempt);

CREATE INDEX job_runs_queue_started_idx ON private.job_runs USING btree (queue_name, started_at);

ALTER TABLE private.job_runs ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON TABLE private.job_runs FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.job_runs TO service_role;

COMMENT ON TABLE private.job_runs IS 'Run history: one row per attempt (outcome running until an Edge Function acknowledges).';

COMMENT ON COLUMN private.job_runs.trace_id IS 'Trace id (W3C trace-id) of the request that enqueued the job: the same id is on its audit entries and on the traceparent of its Edge Function call.';
