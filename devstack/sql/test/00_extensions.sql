-- Test-only extensions: loaded by the test harness into its throw-away database, never by migrations.
create extension if not exists pgtap with schema extensions;
create extension if not exists dblink with schema extensions;
