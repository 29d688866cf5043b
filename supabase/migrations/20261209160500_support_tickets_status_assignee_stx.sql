-- Hand-written (keep it): `devstack diff` does not see extended statistics. The planner's estimate
-- of "unsolved tickets of one assignee" (status and assignee are correlated): with it, the inbox's
-- "mine" view reads its first page from support_tickets_assignee_next_due_idx instead of sorting
-- every ticket of the agent (supabase/schemas/support/05_support_tickets.sql).
create statistics if not exists public.support_tickets_status_assignee_stx (mcv) on status, assignee_id from public.support_tickets;
analyze public.support_tickets;
