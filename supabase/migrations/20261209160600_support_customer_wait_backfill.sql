-- Hand-written data move (keep it): customer_wait_minutes of the tickets that waited on the
-- customer before the column existed, rebuilt from their SLA events. A wait starts at a 'paused'
-- event whose status is pending_customer and ends at the ticket's next 'resumed' or resolution
-- event (pending -> solved records no 'resumed'); a wait ended by closing without solving left no
-- event and is not counted. Business minutes in the tenant's calendar, as support_move counts them.
update public.support_tickets x
set customer_wait_minutes = w.minutes
from (
  select p.ticket_id, sum(private.support_business_minutes(p.at, e.at, n.region, n.timezone)) as minutes
  from public.support_sla_events p
  join public.support_tickets t on t.id = p.ticket_id
  join public.tenants n on n.id = t.tenant_id
  cross join lateral (select e.at from public.support_sla_events e
                      where e.ticket_id = p.ticket_id and e.id > p.id
                        and e.kind in ('resumed', 'resolution_met', 'resolution_breached')
                      order by e.id limit 1) e
  where p.kind = 'paused' and p.detail ->> 'status' = 'pending_customer'
  group by p.ticket_id) w
where x.id = w.ticket_id and x.customer_wait_minutes = 0;
