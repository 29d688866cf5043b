CREATE TABLE private.cron_calendar (
    job_name text NOT NULL,
    schedule text NOT NULL,
    command text NOT NULL,
    description text NOT NULL,
    declared_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cron_calendar_description_check CHECK ((btrim(description) <> ''::text)),
    CONSTRAINT cron_calendar_job_name_check CHECK ((job_name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'::text))
);

ALTER TABLE ONLY private.cron_calendar
    ADD CONSTRAINT cron_calendar_pkey PRIMARY KEY (job_name);

ALTER TABLE private.cron_calendar ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON TABLE private.cron_calendar FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.cron_calendar TO service_role;

INSERT INTO private.cron_calendar (job_name, schedule, command, description) VALUES
	('jobs.dispatch', '* * * * *', private.dispatcher_command(), 'runs due jobs of every unpaused queue: SQL handlers in place, Edge Functions through pg_net'),
	('jobs.cleanup', '17 3 * * *', 'select private.enqueue(''maintenance'', ''jobs.cleanup'', ''{}''::jsonb, ''jobs.cleanup:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD''))', 'daily: prunes job run history, expired idempotency keys and pg_cron run details'),
	('tenants.refresh_health', '40 2 * * *', 'select private.enqueue(''maintenance'', ''tenant.refresh_health'', ''{}''::jsonb, ''tenant.refresh_health:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD''))', 'nightly: recomputes tenant health scores'),
	('impersonation.close_expired', '*/5 * * * *', 'select private.enqueue(''maintenance'', ''impersonation.close_expired'', ''{}''::jsonb, ''impersonation.close_expired:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI''))', 'every 5 minutes: closes expired impersonation grants in the history'),
	('audit.checkpoint', '7 * * * *', 'select private.enqueue(''maintenance'', ''audit.checkpoint'', ''{}''::jsonb, ''audit.checkpoint:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24''))', 'hourly: records the audit chain''s head hash'),
	('plans.apply_due_changes', '*/5 * * * *', 'select private.enqueue(''billing'', ''plans.apply_due_changes'', ''{}''::jsonb, ''plans.apply_due_changes:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI''))', 'every 5 minutes: scheduled plan changes at period end, and billing period roll-over'),
	('entitlements.refresh_stale', '*/5 * * * *', 'select private.enqueue(''maintenance'', ''entitlements.refresh_stale'', ''{}''::jsonb, ''entitlements.refresh_stale:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI''))', 'every 5 minutes: rebuilds entitlement caches past an expiry or marked stale by a catalogue change'),
	('workflows.aggregate_daily', '20 1 * * *', 'select private.enqueue(''maintenance'', ''workflow.aggregate_daily'', jsonb_build_object(''day'', (now() at time zone ''UTC'')::date - 1), ''workflow.aggregate_daily:'' || ((now() at time zone ''UTC'')::date - 1))', 'nightly: time-in-stage aggregates of yesterday''s order transitions'),
	('billing.invoice_run', '7 * * * *', 'select private.enqueue_due_invoice_periods()', 'hourly: one billing.invoice_period job per subscription whose period has ended (renewal, trial end, scheduled downgrade, cancel at period end)'),
	('billing.dunning_tick', '*/15 * * * *', 'select private.enqueue(''billing'', ''billing.dunning_tick'', ''{}''::jsonb, ''billing.dunning_tick:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI''))', 'every 15 minutes: dunning — opens cases for overdue invoices, runs due retries, reminders and stage changes'),
	('audit.publish_head', '*/5 * * * *', 'select private.enqueue(''maintenance'', ''audit.publish_head'', ''{}''::jsonb, ''audit.publish_head:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI''))', 'every 5 minutes: publishes the audit chain''s head outside the database'),
	('lifecycle.calendar', '23 * * * *', 'select private.enqueue(''lifecycle'', ''lifecycle.calendar'', ''{}''::jsonb, ''lifecycle.calendar:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24''))', 'hourly: trial reminders (7/3/1 days), trial end → active or grace, trial grace end → suspended, archived → churned after retention');

-- The pg_cron schedules the calendar above declares, as private.declare_schedule makes them.
SELECT cron.schedule(job_name, schedule, command) FROM private.cron_calendar ORDER BY job_name;
