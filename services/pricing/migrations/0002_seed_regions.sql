-- The regions a new shop starts with; an admin edits them like any other. Rates are the standard
-- and reduced rates in force for these countries; US rates are the state-level sales tax only
-- (local taxes need an external TaxProvider).
insert into regions (id, code, name, currency, tax_inclusive, tax_on_shipping, return_window_days) values
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0001', 'us', 'United States', 'USD', false, false, 30),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0002', 'eu', 'European Union', 'EUR', true, true, 14),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0003', 'uk', 'United Kingdom', 'GBP', true, true, 30);

insert into region_countries (region_id, country) values
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0001', 'US'),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0002', 'DE'),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0002', 'FR'),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0002', 'NL'),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0002', 'IT'),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0002', 'ES'),
  ('7b0c3a52-5f4e-4c61-9a55-0d6a8f1e0003', 'GB');

insert into tax_rates (id, region_id, country, subdivision, tax_class, rate_ppm, name)
select gen_random_uuid(), r.id, v.country, v.subdivision, v.tax_class, v.rate_ppm, v.name
from (values
  ('us', 'US', '', 'standard', 0, 'No state sales tax'),
  ('us', 'US', '', 'reduced', 0, 'No state sales tax'),
  ('us', 'US', 'CA', 'standard', 72500, 'California sales tax'),
  ('us', 'US', 'NY', 'standard', 40000, 'New York sales tax'),
  ('us', 'US', 'TX', 'standard', 62500, 'Texas sales tax'),
  ('us', 'US', 'WA', 'standard', 65000, 'Washington sales tax'),
  ('us', 'US', 'FL', 'standard', 60000, 'Florida sales tax'),
  ('eu', 'DE', '', 'standard', 190000, 'MwSt.'),
  ('eu', 'DE', '', 'reduced', 70000, 'MwSt. ermäßigt'),
  ('eu', 'FR', '', 'standard', 200000, 'TVA'),
  ('eu', 'FR', '', 'reduced', 55000, 'TVA taux réduit'),
  ('eu', 'NL', '', 'standard', 210000, 'btw'),
  ('eu', 'NL', '', 'reduced', 90000, 'btw verlaagd'),
  ('eu', 'IT', '', 'standard', 220000, 'IVA'),
  ('eu', 'IT', '', 'reduced', 100000, 'IVA ridotta'),
  ('eu', 'ES', '', 'standard', 210000, 'IVA'),
  ('eu', 'ES', '', 'reduced', 100000, 'IVA reducido'),
  ('uk', 'GB', '', 'standard', 200000, 'VAT'),
  ('uk', 'GB', '', 'reduced', 50000, 'VAT reduced rate')
) as v (region_code, country, subdivision, tax_class, rate_ppm, name)
join regions r on r.code = v.region_code;

insert into shipping_options (id, region_id, code, name, tax_class, kind, amount, free_from, bands)
select gen_random_uuid(), r.id, v.code, v.name, 'standard', v.kind, v.amount, v.free_from, v.bands::jsonb
from (values
  ('us', 'standard', 'Standard (5–7 days), free from $50', 'free_over', 495, 5000, null),
  ('us', 'express', 'Express (1–2 days)', 'flat', 1495, null, null),
  ('us', 'freight', 'Freight by weight', 'weight_bands', null, null,
    '[{"upToGrams":5000,"amount":995},{"upToGrams":20000,"amount":2495},{"upToGrams":50000,"amount":4995}]'),
  ('eu', 'standard', 'Standard (3–5 days), free from €50', 'free_over', 495, 5000, null),
  ('eu', 'express', 'Express (1–2 days)', 'flat', 1495, null, null),
  ('eu', 'pickup', 'Collect from a parcel point', 'pickup', null, null, null),
  ('uk', 'standard', 'Standard (2–4 days), free from £40', 'free_over', 395, 4000, null),
  ('uk', 'express', 'Next day', 'flat', 995, null, null),
  ('uk', 'pickup', 'Click and collect', 'pickup', null, null, null)
) as v (region_code, code, name, kind, amount, free_from, bands)
join regions r on r.code = v.region_code;
