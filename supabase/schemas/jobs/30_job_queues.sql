CREATE TABLE private.job_queues (
    queue_name text NOT NULL,
    dead_letter_queue text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    max_attempts integer DEFAULT 5 NOT NULL,
    visibility_timeout_seconds integer DEFAULT 300 NOT NULL,
    batch_size integer DEFAULT 50 NOT NULL,
    backoff_base_seconds integer DEFAULT 10 NOT NULL,
    backoff_max_seconds integer DEFAULT 3600 NOT NULL,
    idempotency_retention interval DEFAULT '24:00:00'::interval NOT NULL,
    history_retention interval DEFAULT '14 days'::interval NOT NULL,
    paused_at timestamp with time zone,
    paused_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT job_queues_backoff_base_seconds_check CHECK (((backoff_base_seconds >= 1) AND (backoff_base_seconds <= 86400))),
    CONSTRAINT job_queues_backoff_max_seconds_check CHECK (((backoff_max_seconds >= 1) AND (backoff_max_seconds <= 604800))),
    CONSTRAINT job_queues_batch_size_check CHECK (((batch_size >= 1) AND (batch_size <= 64))),
    CONSTRAINT job_queues_check CHECK ((backoff_max_seconds >= backoff_base_seconds)),
    CONSTRAINT job_queues_history_retention_check CHECK ((history_retention >= '00:00:00'::interval)),
    CONSTRAINT job_queues_idempotency_retention_check CHECK ((idempotency_retention >= '00:00:00'::interval)),
    CONSTRAINT job_queues_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 100))),
    CONSTRAINT job_queues_queue_name_check CHECK (((queue_name ~ '^[a-z][a-z0-9_]*$'::text) AND (length(queue_name) <= 43))),
    CONSTRAINT job_queues_visibility_timeout_seconds_check CHECK (((visibility_timeout_seconds >= 1) AND (visibility_timeout_seconds <= 86400)))
);

ALTER TABLE ONLY private.job_queues
    ADD CONSTRAINT job_queues_dead_letter_queue_key UNIQUE (dead_letter_queue);

ALTER TABLE ONLY private.job_queues
    ADD CONSTRAINT job_queues_pkey PRIMARY KEY (queue_name);

ALTER TABLE private.job_queues ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON TABLE private.job_queues FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.job_queues TO service_role;

COMMENT ON TABLE private.job_queues IS 'One row per job queue (a pgmq queue plus its <name>_dlq dead-letter queue) with its retry policy.';

INSERT INTO private.job_queues (queue_name, dead_letter_queue, description, max_attempts, visibility_timeout_seconds, batch_size, backoff_base_seconds, backoff_max_seconds, idempotency_retention, history_retention, paused_at, paused_reason) VALUES
	('lifecycle', 'lifecycle_dlq', 'tenant lifecycle: activation seeding, trial expiry, suspension, archival', 5, 300, 50, 10, 3600, '24:00:00', '14 days', NULL, NULL),
	('billing', 'billing_dlq', 'renewals, invoice runs, dunning, proration', 8, 300, 50, 30, 21600, '24:00:00', '14 days', NULL, NULL),
	('catalog_sync', 'catalog_sync_dlq', 'HQ → tenant catalog sync and rollback', 5, 300, 50, 10, 3600, '24:00:00', '14 days', NULL, NULL),
	('webhooks', 'webhooks_dlq', 'outgoing signed webhooks (retried over about a day and a half)', 15, 300, 50, 30, 21600, '7 days', '14 days', NULL, NULL),
	('notifications', 'notifications_dlq', 'email / SMS / WhatsApp notifications', 5, 300, 50, 10, 1800, '24:00:00', '14 days', NULL, NULL),
	('alerts', 'alerts_dlq', 'operational alerts to HQ', 5, 300, 50, 5, 600, '24:00:00', '14 days', NULL, NULL),
	('maintenance', 'maintenance_dlq', 'retention clean-ups, roll-ups and other housekeeping', 3, 300, 50, 60, 3600, '24:00:00', '14 days', NULL, NULL);

-- The pgmq queues behind the rows above (each queue and its dead-letter queue), as
-- private.create_job_queue makes them.
SELECT pgmq.create(q.name) FROM private.job_queues jq CROSS JOIN LATERAL (VALUES (jq.queue_name), (jq.dead_letter_queue)) q(name);
