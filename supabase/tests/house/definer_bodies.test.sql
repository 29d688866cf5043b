-- Security-definer bodies live in private; the exposed functions are SECURITY INVOKER wrappers of
-- the same name and signature (issue 15 §3). Who may call what does not change.
begin;
select plan(4);

-- Every exposed function runs with the caller's rights.
select is(array(
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'public'::regnamespace and p.prosecdef
    and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  order by 1), '{}'::text[], 'no SECURITY DEFINER function in public');

-- A wrapper and its body: public.f(args) calling private.f(same argument types).
create temp view pairs as
  select pub.oid as pub, priv.oid as priv, pub.oid::regprocedure::text as name
  from pg_proc pub
  join pg_proc priv on priv.pronamespace = 'private'::regnamespace and priv.proname = pub.proname
                   and priv.proargtypes = pub.proargtypes
  where pub.pronamespace = 'public'::regnamespace and priv.prosecdef
    and pub.prosrc ~ ('private\.' || pub.proname || '\(');

select cmp_ok((select count(*) from pairs)::int, '>=', 99, 'every former SECURITY DEFINER RPC is a wrapper of a private body');

-- The body is callable by exactly the roles that may call the wrapper.
select is(array(
  select name from pairs
  where array(select a.grantee::regrole::text from aclexplode((select proacl from pg_proc where oid = pub)) a order by 1)
     is distinct from array(select a.grantee::regrole::text from aclexplode((select proacl from pg_proc where oid = priv)) a order by 1)
  order by 1), '{}'::text[], 'each body has its wrapper''s grants');

-- Same return type, set-ness and volatility: PostgREST serves the wrapper as it served the function.
select is(array(
  select name from pairs x join pg_proc a on a.oid = x.pub join pg_proc b on b.oid = x.priv
  where (a.prorettype, a.proretset, a.provolatile, a.proargnames)
     is distinct from (b.prorettype, b.proretset, b.provolatile, b.proargnames)
  order by 1), '{}'::text[], 'each wrapper has its body''s return type, volatility and argument names');

select * from finish();
rollback;
