CREATE TABLE public.payment_events (
    id bigint NOT NULL,
    gateway text NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    kind text,
    object_id text,
    invoice_id uuid,
    occurred_at timestamp with time zone,
    payload jsonb NOT NULL,
    status text DEFAULT 'received'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_at timestamp with time zone,
    gateway_account_id uuid,
    amount numeric(14,3),
    currency text,
    refund_id text,
    failure_code text,
    failure_message text,
    payment_id uuid,
    payment_method jsonb,
    CONSTRAINT payment_events_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT payment_events_gateway_check CHECK ((gateway = ANY (ARRAY['stripe'::text, 'paytabs'::text, 'hyperpay'::text]))),
    CONSTRAINT payment_events_payment_method_check CHECK (((payment_method IS NULL) OR (jsonb_typeof(payment_method) = 'object'::text))),
    CONSTRAINT payment_events_status_check CHECK ((status = ANY (ARRAY['received'::text, 'applied'::text, 'ignored'::text, 'failed'::text])))
);

COMMENT ON TABLE public.payment_events IS 'Webhook events received from the payment gateways, each stored once (gateway, event id) and applied to payments and refunds by a job; failed ones can be replayed by billing.write staff. Service role only.';
COMMENT ON COLUMN public.payment_events.id IS 'Sequential identifier.';
COMMENT ON COLUMN public.payment_events.gateway IS 'stripe, paytabs or hyperpay.';
COMMENT ON COLUMN public.payment_events.event_id IS 'The gateway''s event identifier (unique per gateway: duplicates are ignored).';
COMMENT ON COLUMN public.payment_events.event_type IS 'The gateway''s event type, as sent.';
COMMENT ON COLUMN public.payment_events.kind IS 'The event normalized by the Edge Function (payment succeeded/failed, refund succeeded/failed…); null when not understood.';
COMMENT ON COLUMN public.payment_events.object_id IS 'The gateway''s payment or checkout identifier the event is about.';
COMMENT ON COLUMN public.payment_events.invoice_id IS 'The invoice it concerns, when known.';
COMMENT ON COLUMN public.payment_events.occurred_at IS 'When the gateway says it happened (events are applied in this order).';
COMMENT ON COLUMN public.payment_events.payload IS 'The event as received (signature verified).';
COMMENT ON COLUMN public.payment_events.status IS 'received, applied, ignored (nothing to do) or failed (see last_error).';
COMMENT ON COLUMN public.payment_events.attempts IS 'Times the job tried to apply it.';
COMMENT ON COLUMN public.payment_events.last_error IS 'Error of the last failed attempt.';
COMMENT ON COLUMN public.payment_events.received_at IS 'When the webhook arrived.';
COMMENT ON COLUMN public.payment_events.applied_at IS 'When it was applied or ignored.';
COMMENT ON COLUMN public.payment_events.gateway_account_id IS 'The gateway account whose secret verified it.';
COMMENT ON COLUMN public.payment_events.amount IS 'Amount reported by the gateway, major units.';
COMMENT ON COLUMN public.payment_events.currency IS 'Currency reported by the gateway.';
COMMENT ON COLUMN public.payment_events.refund_id IS 'The gateway''s refund identifier, for refund events.';
COMMENT ON COLUMN public.payment_events.failure_code IS 'The gateway''s failure code, for failures.';
COMMENT ON COLUMN public.payment_events.failure_message IS 'The gateway''s failure message, for failures.';
COMMENT ON COLUMN public.payment_events.payment_id IS 'The payment it was applied to.';
COMMENT ON COLUMN public.payment_events.payment_method IS 'The card or method the gateway reported (brand, last4, expiry, reference), saved for reuse.';

ALTER TABLE public.payment_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payment_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.payment_events
    ADD CONSTRAINT payment_events_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX payment_events_gateway_account_event_idx ON public.payment_events USING btree (gateway, COALESCE(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id);

CREATE INDEX payment_events_gateway_account_idx ON public.payment_events USING btree (gateway_account_id);

CREATE INDEX payment_events_invoice_idx ON public.payment_events USING btree (invoice_id);

CREATE INDEX payment_events_object_idx ON public.payment_events USING btree (gateway, object_id);

CREATE INDEX payment_events_refund_idx ON public.payment_events USING btree (gateway, refund_id) WHERE (refund_id IS NOT NULL);

CREATE INDEX payment_events_status_idx ON public.payment_events USING btree (status, received_at);

ALTER TABLE ONLY public.payment_events
    ADD CONSTRAINT payment_events_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.payment_events
    ADD CONSTRAINT payment_events_gateway_account_id_fkey FOREIGN KEY (gateway_account_id) REFERENCES public.gateway_accounts(id);

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX payment_events_currency_idx ON public.payment_events USING btree (currency);

ALTER TABLE public.payment_events ENABLE ROW LEVEL SECURITY;

create policy "billing writers read the webhook inbox" on public.payment_events for select to hq_staff
  using (( SELECT private.has_permission('billing.write'::text) AS has_permission));

REVOKE ALL ON TABLE public.payment_events FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.payment_events TO authenticated;
GRANT ALL ON TABLE public.payment_events TO service_role;

REVOKE ALL ON SEQUENCE public.payment_events_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.payment_events_id_seq TO anon;
GRANT ALL ON SEQUENCE public.payment_events_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.payment_events_id_seq TO service_role;
