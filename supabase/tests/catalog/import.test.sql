-- Bulk import into HQ's draft: a line-by-line preview; a file with any refused line writes nothing;
-- an export imports back unchanged; sizes are capped.
begin;
select plan(9);

select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.authenticate_as(:'tech', 'aal2');

select is(public.preview_catalog_import($$[
  {"family":"service_categories","code":"STEAM","name_en":"Steam","name_ar":"بخار","icon":"iron","colour":"#AA00AA"},
  {"family":"item_types","code":"ROBE","name_en":"Robe","attributes":{"service_categories":["STEAM"]}},
  {"family":"fabrics","code":"COTTON","name_en":"Cotton","name_ar":"قطن","sort_order":10},
  {"family":"fabrics","code":"SILK","name_en":"Silk (pure)","name_ar":"حرير","sort_order":30},
  {"family":"fabrics","code":"SILK","name_en":"Silk again"},
  {"family":"fabrics","code":"LYCRA","name_ar":"ليكرا","colour_hex":"#000000"},
  {"family":"item_types","code":"CAPE","name_en":"Cape","attributes":{"service_categories":["NOPE"]}},
  "not a row"
]$$) - 'lines',
  '{"add": 2, "change": 1, "unchanged": 1, "refused": 4}'::jsonb, 'the preview counts what each line would do');
select is((public.preview_catalog_import($$[{"family":"fabrics","code":"LYCRA","name_ar":"ليكرا","colour_hex":"#000000"}]$$) -> 'lines' -> 0 -> 'reasons'),
  '["unknown column colour_hex", "an English name is required"]'::jsonb, 'a refused line says why');
select throws_ok($$ select public.import_catalog('[{"family":"fabrics","code":"LYCRA","name_en":"Lycra"},{"family":"fabrics","code":"bad"}]') $$,
  '22023', '1 of the lines are refused; nothing was imported', 'a file with a refused line is refused whole');
select is((select count(*) from public.catalog_entries where code = 'LYCRA'), 0::bigint, 'and nothing of it was written');
select is(public.import_catalog($$[
  {"family":"item_types","code":"ROBE","name_en":"Robe","attributes":{"service_categories":["STEAM"]}},
  {"family":"service_categories","code":"STEAM","name_en":"Steam","name_ar":"بخار"}]$$, 'new service') ->> 'written', '2',
  'an item type may name a category added by the same file');
select public.export_catalog() as exported \gset
select is(public.preview_catalog_import(:'exported') - 'lines',
  jsonb_build_object('add', 0, 'change', 0, 'unchanged', jsonb_array_length(:'exported'), 'refused', 0),
  'an export imports back unchanged');
select throws_ok(format($$ select public.preview_catalog_import(%L) $$, (select jsonb_agg(jsonb_build_object('family', 'fabrics', 'code', 'F' || g)) from generate_series(1, 5001) g)),
  '22023', null, 'more than 5000 rows are refused');
select throws_ok($$ select public.preview_catalog_import('{"family":"fabrics"}') $$, '22023', 'an import is a JSON array of rows', 'an import is an array');
select tests.authenticate_as_anon();
select throws_ok($$ select public.import_catalog('[]') $$, '42501', null, 'anonymous callers may not import');
select tests.clear_authentication();

select * from finish();
rollback;
