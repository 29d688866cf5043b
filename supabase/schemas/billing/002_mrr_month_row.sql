CREATE TYPE public.mrr_month_row AS (
	month date,
	currency text,
	new numeric,
	expansion numeric,
	contraction numeric,
	churned numeric,
	reactivation numeric,
	net numeric,
	ending_mrr numeric
);

SET default_tablespace = '';

SET default_table_access_method = heap;
