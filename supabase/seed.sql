-- Demo data for local development (`npm start`, `supabase start`). Each capability adds its own
-- section here: plans, features, catalogs, workflow templates, staff and sample tenants.
-- Keep it idempotent: it may be applied to a database that already has it.

select 1;  -- nothing to seed yet: the foundation has no business tables
