CREATE TABLE public.workflow_guards (
    key text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    checker text NOT NULL,
    CONSTRAINT workflow_guards_key_check CHECK ((key ~ '^[a-z][a-z0-9_]{1,59}$'::text)),
    CONSTRAINT workflow_guards_name_check CHECK ((name ? 'en'::text))
);

COMMENT ON TABLE public.workflow_guards IS 'Registry of guards a workflow transition may require (paid, scan ok, proof of delivery…), each checked by a private function. Code-owned reference data.';
COMMENT ON COLUMN public.workflow_guards.key IS 'Guard key used in workflow definitions.';
COMMENT ON COLUMN public.workflow_guards.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.workflow_guards.description IS 'Description by language.';
COMMENT ON COLUMN public.workflow_guards.checker IS 'The private function that checks it on an order.';

ALTER TABLE ONLY public.workflow_guards
    ADD CONSTRAINT workflow_guards_pkey PRIMARY KEY (key);

ALTER TABLE public.workflow_guards ENABLE ROW LEVEL SECURITY;

CREATE POLICY "anyone signed in reads the guard registry" ON public.workflow_guards FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.workflow_guards FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.workflow_guards TO authenticated;
GRANT ALL ON TABLE public.workflow_guards TO service_role;

INSERT INTO public.workflow_guards (key, name, description, checker) VALUES
	('requires_invoice', '{"ar": "يتطلب فاتورة", "en": "Requires an invoice"}', '{}', 'private.guard_requires_invoice'),
	('requires_payment', '{"ar": "يتطلب الدفع", "en": "Requires payment"}', '{}', 'private.guard_requires_payment'),
	('requires_pod', '{"ar": "يتطلب إثبات التسليم", "en": "Requires proof of delivery"}', '{}', 'private.guard_requires_pod'),
	('requires_scan_ok', '{"ar": "يتطلب مسحاً سليماً للقطع", "en": "Requires a clean items scan"}', '{}', 'private.guard_requires_scan_ok'),
	('requires_note', '{"ar": "يتطلب ملاحظة", "en": "Requires a note"}', '{}', 'private.guard_requires_note');
