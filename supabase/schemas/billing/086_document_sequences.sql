CREATE TABLE private.document_sequences (
    kind text NOT NULL,
    billing_year integer NOT NULL,
    last_number integer DEFAULT 0 NOT NULL,
    CONSTRAINT document_sequences_billing_year_check CHECK (((billing_year >= 2000) AND (billing_year <= 2999))),
    CONSTRAINT document_sequences_kind_check CHECK ((kind = ANY (ARRAY['invoice'::text, 'credit_note'::text])))
);

ALTER TABLE ONLY private.document_sequences
    ADD CONSTRAINT document_sequences_pkey PRIMARY KEY (kind, billing_year);

ALTER TABLE private.document_sequences ENABLE ROW LEVEL SECURITY;
