CREATE TABLE private.job_handlers (
    job_type text NOT NULL,
    sql_handler text,
    edge_function text,
    max_attempts integer,
    description text DEFAULT ''::text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT job_handlers_check CHECK (((sql_handler IS NULL) <> (edge_function IS NULL))),
    CONSTRAINT job_handlers_edge_function_check CHECK ((edge_function ~ '^[A-Za-z0-9_-]{1,100}$'::text)),
    CONSTRAINT job_handlers_job_type_check CHECK (((job_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'::text) AND (length(job_type) <= 100))),
    CONSTRAINT job_handlers_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 100)))
);

ALTER TABLE ONLY private.job_handlers
    ADD CONSTRAINT job_handlers_pkey PRIMARY KEY (job_type);

ALTER TABLE private.job_handlers ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON TABLE private.job_handlers FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.job_handlers TO service_role;

COMMENT ON TABLE private.job_handlers IS 'job_type → SQL handler function (database work) or Edge Function name (HTTP work through pg_net).';

INSERT INTO private.job_handlers (job_type, sql_handler, edge_function, max_attempts, description) VALUES
	('jobs.cleanup', 'private.job_cleanup', NULL, NULL, 'deletes run history past each queue''s retention, expired idempotency keys and old pg_cron run details'),
	('tenant.provision', 'private.job_tenant_provision', NULL, NULL, 'runs the provisioning steps a tenant has not completed at their current version'),
	('tenant.refresh_health', 'private.job_refresh_tenant_health', NULL, NULL, 'recomputes every tenant''s health score'),
	('impersonation.close_expired', 'private.job_close_expired_impersonations', NULL, NULL, 'marks impersonations that ran out as ended (access already stopped at expiry)'),
	('audit.checkpoint', 'private.job_audit_checkpoint', NULL, NULL, 'records the audit chain''s head hash'),
	('entitlements.refresh_stale', 'private.job_refresh_stale_entitlements', NULL, NULL, 'rebuilds cached entitlement sets that are stale or past an expiry'),
	('plans.apply_due_changes', 'private.job_apply_plan_changes', NULL, NULL, 'applies scheduled plan changes that are due, rolls billing periods, refreshes expired entitlement caches'),
	('workflow.aggregate_daily', 'private.job_workflow_aggregate', NULL, NULL, 'folds one day of order transitions into time-in-stage aggregates'),
	('billing.invoice_period', 'private.job_invoice_period', NULL, NULL, 'rolls one subscription into its next period and bills it (idempotent per subscription and period)'),
	('billing.apply_payment_event', 'private.job_apply_payment_event', NULL, NULL, 'applies one stored gateway event (payments, refunds) to payments and invoices'),
	('billing.refund_payment', NULL, 'payments-checkout', NULL, 'asks the gateway to refund a payment (payload {action:refund, refund_id, gateway, gateway_payment_id, amount, currency})'),
	('billing.retry_payment', NULL, 'payments-checkout', NULL, 'dunning: charges the invoice again with the tenant''s default saved method (payload {action:charge, invoice_id, tenant_id, amount, currency, gateway, payment_method_id, customer_ref, method_ref})'),
	('billing.dunning_tick', 'private.job_dunning_tick', NULL, NULL, 'opens dunning cases for due invoices and runs every due retry, reminder and stage change'),
	('billing.payment_reminder', 'private.job_payment_reminder', NULL, NULL, 'records a payment reminder and writes its messages to the outbox (dunning.reminder)'),
	('billing.dunning_restore_tenant', 'private.job_dunning_restore_tenant', NULL, NULL, 'reactivates a tenant whose dunning holds were released, when the paying caller could not'),
	('audit.publish_head', 'private.job_audit_publish_head', NULL, NULL, 'publishes the audit chain''s head to the external append-only sink'),
	('lifecycle.calendar', 'private.job_lifecycle_calendar', NULL, NULL, 'records due trial reminders; enqueues trial ends, trial grace ends and churns that are due'),
	('lifecycle.trial_end', 'private.job_trial_end', NULL, NULL, 'a trial that ended: active with a chargeable subscription, else grace (idempotent per tenant and trial end)'),
	('lifecycle.trial_grace_end', 'private.job_trial_grace_end', NULL, NULL, 'the trial grace ran out: reactivate when chargeable, else suspend (idempotent per grace)'),
	('lifecycle.churn', 'private.job_churn_tenant', NULL, NULL, 'an archived tenant past its retention period churns (idempotent per archiving)');
