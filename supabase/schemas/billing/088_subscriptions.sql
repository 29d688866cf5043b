CREATE FUNCTION private.subscription_default_anchor() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if new.billing_anchor is null then
    new.billing_anchor := case when new.status = 'trialing' then coalesce(new.trial_end, new.current_period_end) else new.current_period_start end;
  end if;
  return new;
end
$$;

CREATE TABLE public.subscriptions (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    plan_id uuid,
    billing_interval text NOT NULL,
    currency text NOT NULL,
    status text NOT NULL,
    current_period_start timestamp with time zone NOT NULL,
    current_period_end timestamp with time zone NOT NULL,
    trial_end timestamp with time zone,
    cancel_at_period_end boolean DEFAULT false NOT NULL,
    cancelled_at timestamp with time zone,
    pending_plan_id uuid,
    status_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    billing_anchor timestamp with time zone NOT NULL,
    CONSTRAINT subscriptions_billing_interval_check CHECK ((billing_interval = ANY (ARRAY['month'::text, 'year'::text]))),
    CONSTRAINT subscriptions_check CHECK ((current_period_end > current_period_start)),
    CONSTRAINT subscriptions_status_check CHECK ((status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text, 'suspended'::text, 'cancelled'::text])))
);

COMMENT ON TABLE public.subscriptions IS 'A tenant''s paid subscription to a plan (at most one live per tenant): its interval, currency, current period and status; renewed by the invoice run, moved by dunning. Read by the tenant''s members, billing.read staff and impersonators.';
COMMENT ON COLUMN public.subscriptions.id IS 'Identifier of the subscription.';
COMMENT ON COLUMN public.subscriptions.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.subscriptions.plan_id IS 'The plan version subscribed; null for an add-on-only subscription.';
COMMENT ON COLUMN public.subscriptions.billing_interval IS 'month or year.';
COMMENT ON COLUMN public.subscriptions.currency IS 'Currency it is billed in.';
COMMENT ON COLUMN public.subscriptions.status IS 'trialing, active, past_due (unpaid invoice in dunning), suspended or cancelled.';
COMMENT ON COLUMN public.subscriptions.current_period_start IS 'Start of the period paid for.';
COMMENT ON COLUMN public.subscriptions.current_period_end IS 'End of the period paid for (after its start); the next invoice is due then.';
COMMENT ON COLUMN public.subscriptions.trial_end IS 'When the trial ends; null: no trial.';
COMMENT ON COLUMN public.subscriptions.cancel_at_period_end IS 'True: it ends at current_period_end instead of renewing.';
COMMENT ON COLUMN public.subscriptions.cancelled_at IS 'When it was cancelled.';
COMMENT ON COLUMN public.subscriptions.pending_plan_id IS 'Plan it moves to at the period end (a scheduled downgrade).';
COMMENT ON COLUMN public.subscriptions.status_changed_at IS 'When status last changed.';
COMMENT ON COLUMN public.subscriptions.created_by IS 'User who created it.';
COMMENT ON COLUMN public.subscriptions.created_at IS 'When it was created.';
COMMENT ON COLUMN public.subscriptions.updated_at IS 'When it last changed.';
COMMENT ON COLUMN public.subscriptions.billing_anchor IS 'The instant periods are counted from (same day of month or year, clamped to short months).';

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);

CREATE INDEX subscriptions_created_by_idx ON public.subscriptions USING btree (created_by);

CREATE INDEX subscriptions_due_idx ON public.subscriptions USING btree (current_period_end) WHERE (status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text]));

CREATE UNIQUE INDEX subscriptions_one_live_plan_idx ON public.subscriptions USING btree (tenant_id) WHERE ((plan_id IS NOT NULL) AND (status <> 'cancelled'::text));

CREATE INDEX subscriptions_pending_plan_idx ON public.subscriptions USING btree (pending_plan_id);

CREATE INDEX subscriptions_plan_idx ON public.subscriptions USING btree (plan_id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX subscriptions_tenant_idx ON public.subscriptions USING btree (tenant_id, created_at DESC);

CREATE TRIGGER subscriptions_default_anchor BEFORE INSERT ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.subscription_default_anchor();

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pending_plan_id_fkey FOREIGN KEY (pending_plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX subscriptions_currency_idx ON public.subscriptions USING btree (currency);

ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;

create policy "subscription readers" on public.subscriptions for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: subscription readers" on public.subscriptions for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.subscriptions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.subscriptions TO authenticated;
GRANT ALL ON TABLE public.subscriptions TO service_role;

REVOKE ALL ON FUNCTION private.subscription_default_anchor() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.subscription_default_anchor() FROM PUBLIC;
