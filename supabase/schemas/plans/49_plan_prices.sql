CREATE TABLE public.plan_prices (
    plan_id uuid NOT NULL,
    currency text NOT NULL,
    "interval" text NOT NULL,
    amount numeric(14,3) NOT NULL,
    CONSTRAINT plan_prices_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT plan_prices_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT plan_prices_interval_check CHECK (("interval" = ANY (ARRAY['month'::text, 'year'::text])))
);

COMMENT ON TABLE public.plan_prices IS 'Prices of each plan version by currency and interval. Written by public.save_plan.';
COMMENT ON COLUMN public.plan_prices.plan_id IS 'The plan version.';
COMMENT ON COLUMN public.plan_prices.currency IS 'ISO 4217 currency.';
COMMENT ON COLUMN public.plan_prices.interval IS 'month or year.';
COMMENT ON COLUMN public.plan_prices.amount IS 'Price per interval, major units, >= 0.';

ALTER TABLE ONLY public.plan_prices
    ADD CONSTRAINT plan_prices_pkey PRIMARY KEY (plan_id, currency, "interval");

ALTER TABLE ONLY public.plan_prices
    ADD CONSTRAINT plan_prices_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id) ON DELETE CASCADE;

ALTER TABLE public.plan_prices ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read plan prices" ON public.plan_prices FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.plan_prices FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.plan_prices TO authenticated;
GRANT ALL ON TABLE public.plan_prices TO service_role;
