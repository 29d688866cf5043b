-- Workflow engine (C8), part 3: HQ's standard templates, published as version 1. They are product
-- data every environment needs (the provisioning step hands them to new tenants), so they live in
-- a migration rather than the demo seed.
do $$
declare
  lib jsonb := '{
    "intake":           {"name": {"en": "Intake", "ar": "الاستلام"}, "sla_minutes": 30, "colour": "#1677ff", "icon": "inbox"},
    "tagging":          {"name": {"en": "Tagging", "ar": "الترقيم"}, "sla_minutes": 60, "colour": "#13c2c2", "icon": "tag", "optional": true},
    "washing":          {"name": {"en": "Washing", "ar": "الغسيل"}, "sla_minutes": 240, "colour": "#2f54eb", "icon": "wash"},
    "dry_cleaning":     {"name": {"en": "Dry cleaning", "ar": "التنظيف الجاف"}, "sla_minutes": 1440, "colour": "#722ed1", "icon": "dry-clean"},
    "assessment":       {"name": {"en": "Assessment", "ar": "المعاينة"}, "sla_minutes": 120, "colour": "#08979c", "icon": "search"},
    "repairing":        {"name": {"en": "Repairing", "ar": "الإصلاح"}, "sla_minutes": 2880, "colour": "#d48806", "icon": "scissor"},
    "ironing":          {"name": {"en": "Ironing", "ar": "الكي"}, "sla_minutes": 240, "colour": "#fa8c16", "icon": "iron"},
    "quality_check":    {"name": {"en": "Quality check", "ar": "فحص الجودة"}, "sla_minutes": 60, "colour": "#eb2f96", "icon": "check-circle", "optional": true},
    "rework":           {"name": {"en": "Rework", "ar": "إعادة المعالجة"}, "sla_minutes": 240, "colour": "#fa541c", "icon": "redo"},
    "ready":            {"name": {"en": "Ready", "ar": "جاهز"}, "sla_minutes": 4320, "colour": "#52c41a", "icon": "shopping"},
    "out_for_delivery": {"name": {"en": "Out for delivery", "ar": "قيد التوصيل"}, "sla_minutes": 240, "colour": "#faad14", "icon": "car"},
    "delivered":        {"name": {"en": "Delivered", "ar": "تم التسليم"}, "colour": "#389e0d", "icon": "smile"},
    "cancelled":        {"name": {"en": "Cancelled", "ar": "ملغي"}, "colour": "#8c8c8c", "icon": "stop"}
  }';
  tpl record;
  stages jsonb;
  transitions jsonb;
  path text[];
  i int;
  staff text[] := array['owner', 'admin', 'operator'];
  managers text[] := array['owner', 'admin'];
  v_id uuid;
begin
  for tpl in select * from (values
    ('wash_iron', 'wash_iron', '{"en": "Wash & Iron", "ar": "غسيل وكي"}'::jsonb, array['intake', 'tagging', 'washing', 'ironing', 'quality_check'], 1.0),
    ('dry_clean', 'dry_clean', '{"en": "Dry Clean", "ar": "تنظيف جاف"}', array['intake', 'tagging', 'dry_cleaning', 'ironing', 'quality_check'], 1.0),
    ('iron_only', 'iron_only', '{"en": "Iron Only", "ar": "كي فقط"}', array['intake', 'tagging', 'ironing', 'quality_check'], 1.0),
    ('express', 'express', '{"en": "Express", "ar": "سريع"}', array['intake', 'washing', 'ironing', 'quality_check'], 0.25),
    ('repairs', 'repairs', '{"en": "Repairs & Alterations", "ar": "الإصلاحات والتعديلات"}', array['intake', 'assessment', 'repairing', 'quality_check'], 1.0)
  ) t(code, category, name, core, sla_factor) loop
    path := tpl.core || array['rework', 'ready', 'out_for_delivery', 'delivered', 'cancelled'];
    select jsonb_agg((lib -> c) || jsonb_build_object('code', c,
             'kind', case when c = 'intake' then 'start' when c in ('delivered', 'cancelled') then 'terminal' else 'normal' end,
             'sla_minutes', case when lib -> c ? 'sla_minutes' then greatest(1, round((lib -> c ->> 'sla_minutes')::int * tpl.sla_factor)) end)
           order by o)
      into stages from unnest(path) with ordinality u(c, o);
    transitions := '[]';
    -- the main line through the core stages, then quality check → ready
    for i in 1 .. cardinality(tpl.core) - 1 loop
      transitions := transitions || jsonb_build_object('from', tpl.core[i], 'to', tpl.core[i + 1],
        'label', jsonb_build_object('en', 'To ' || (lib -> tpl.core[i + 1] -> 'name' ->> 'en'), 'ar', lib -> tpl.core[i + 1] -> 'name' ->> 'ar'),
        -- garments leave tagging only after a clean scan
        'guards', case when tpl.core[i] = 'tagging' then '["requires_scan_ok"]'::jsonb else '[]' end,
        'roles', to_jsonb(staff));
    end loop;
    transitions := transitions || jsonb_build_array(
      jsonb_build_object('from', 'quality_check', 'to', 'ready', 'label', '{"en": "Passed", "ar": "اجتاز"}'::jsonb, 'guards', '[]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'quality_check', 'to', 'rework', 'label', '{"en": "Failed: rework", "ar": "إعادة المعالجة"}'::jsonb,
                         'guards', '["requires_note"]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'rework', 'to', 'quality_check', 'label', '{"en": "Recheck", "ar": "إعادة الفحص"}'::jsonb, 'guards', '[]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'ready', 'to', 'out_for_delivery', 'label', '{"en": "Send out", "ar": "إرسال للتوصيل"}'::jsonb,
                         'guards', '["requires_invoice"]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'ready', 'to', 'delivered', 'label', '{"en": "Collected", "ar": "تم الاستلام"}'::jsonb,
                         'guards', '["requires_payment"]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'out_for_delivery', 'to', 'delivered', 'label', '{"en": "Delivered", "ar": "تم التسليم"}'::jsonb,
                         'guards', '["requires_pod", "requires_payment"]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'out_for_delivery', 'to', 'ready', 'label', '{"en": "Delivery failed", "ar": "فشل التوصيل"}'::jsonb,
                         'guards', '["requires_note"]'::jsonb, 'roles', to_jsonb(staff)),
      jsonb_build_object('from', 'intake', 'to', 'cancelled', 'label', '{"en": "Cancel", "ar": "إلغاء"}'::jsonb,
                         'guards', '["requires_note"]'::jsonb, 'roles', to_jsonb(managers)),
      jsonb_build_object('from', tpl.core[2], 'to', 'cancelled', 'label', '{"en": "Cancel", "ar": "إلغاء"}'::jsonb,
                         'guards', '["requires_note"]'::jsonb, 'roles', to_jsonb(managers)));
    insert into public.workflow_templates (code, service_category, name, description, draft)
    values (tpl.code, tpl.category, tpl.name, jsonb_build_object('en', 'HQ standard workflow: ' || (tpl.name ->> 'en')),
            jsonb_build_object('stages', stages, 'transitions', transitions))
    on conflict (code) do nothing
    returning id into v_id;
    if v_id is not null then
      perform public.publish_workflow_template(v_id, 'standard template');
    end if;
  end loop;
end
$$;
