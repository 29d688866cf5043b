-- The audit entry of a plan save (issue 13 §10): its diff lists exactly the fields that changed,
-- in the shape of a plan definition (never the row's id or code, which the definition does not
-- carry), for an edit in place and for a new version alike.
begin;
select plan(9);

create function pg_temp.last_plan_audit() returns audit.log language sql as $$
  select * from audit.log l where l.entity_type = 'plan' order by l.id desc limit 1
$$;
create function pg_temp.diff_keys() returns text[] language sql as $$
  select coalesce(array_agg(k order by k), '{}') from jsonb_object_keys((pg_temp.last_plan_audit()).diff) k
$$;

select public.save_plan('diffy', '{"name": {"en": "Diffy", "ar": "ديفي"}, "tier": 1, "trial_days": 14,
  "prices": [{"currency": "OMR", "interval": "month", "amount": 9}, {"currency": "SAR", "interval": "month", "amount": 90}],
  "features": {"module.orders": true},
  "limits": {"max_users": {"limit": 3, "type": "hard"}}}', 'new plan');
select is((pg_temp.last_plan_audit()).action, 'plan.create', 'a new plan is audited as plan.create');

-- the trial-days change the console made, nothing else
select public.save_plan('diffy', '{"name": {"en": "Diffy", "ar": "ديفي"}, "tier": 1, "trial_days": 7,
  "prices": [{"currency": "OMR", "interval": "month", "amount": 9}, {"currency": "SAR", "interval": "month", "amount": 90}],
  "features": {"module.orders": true},
  "limits": {"max_users": {"limit": 3, "type": "hard"}}}', 'shorter trial');
select is(pg_temp.diff_keys(), '{trial_days}', 'changing the trial days: the diff lists trial_days only');
select is((pg_temp.last_plan_audit()).diff -> 'trial_days', '[14, 7]'::jsonb, 'from 14 to 7');
select ok(not ((pg_temp.last_plan_audit()).before ? 'id') and not ((pg_temp.last_plan_audit()).before ? 'code'),
          'the before image carries no row id or code (the entity id names the plan)');

-- the prices are sent in another order, one limit changes
select public.save_plan('diffy', '{"name": {"en": "Diffy", "ar": "ديفي"}, "tier": 1, "trial_days": 7,
  "prices": [{"currency": "SAR", "interval": "month", "amount": 90}, {"currency": "OMR", "interval": "month", "amount": 9}],
  "features": {"module.orders": true},
  "limits": {"max_users": {"limit": 5, "type": "hard"}}}', 'more users');
select is(pg_temp.diff_keys(), '{limits.max_users}', 'one limit changed: only that limit, whatever the order of the prices');

-- a save with nothing changed has an empty diff
select public.save_plan('diffy', '{"name": {"en": "Diffy", "ar": "ديفي"}, "tier": 1, "trial_days": 7,
  "prices": [{"currency": "OMR", "interval": "month", "amount": 9}, {"currency": "SAR", "interval": "month", "amount": 90}],
  "features": {"module.orders": true},
  "limits": {"max_users": {"limit": 5, "type": "hard"}}}', 'no change');
select is(pg_temp.diff_keys(), '{}', 'saving the same definition: an empty diff');

-- a subscriber makes the next save a new version: the diff still names only what changed
select tests.create_tenant('diffy-sub') as sub \gset
select public.change_plan(:'sub', 'diffy');
select public.save_plan('diffy', '{"name": {"en": "Diffy", "ar": "ديفي"}, "tier": 1, "trial_days": 7,
  "prices": [{"currency": "OMR", "interval": "month", "amount": 11}, {"currency": "SAR", "interval": "month", "amount": 90}],
  "features": {"module.orders": true},
  "limits": {"max_users": {"limit": 5, "type": "hard"}}}', 'price rise');
select is((pg_temp.last_plan_audit()).action, 'plan.version', 'a plan with subscribers gets a new version');
select is(pg_temp.diff_keys(), '{prices.OMR.month}', 'and its diff lists the one price that changed');
select is((pg_temp.last_plan_audit()).diff -> 'prices.OMR.month', '[9, 11]'::jsonb, 'from 9 to 11');

select * from finish();
rollback;
