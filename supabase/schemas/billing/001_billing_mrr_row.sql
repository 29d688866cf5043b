CREATE TYPE public.billing_mrr_row AS (
	currency text,
	mrr numeric,
	arr numeric,
	active_subscriptions bigint,
	paying_tenants bigint,
	arpu numeric
);
