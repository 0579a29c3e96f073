-- The seed's `reduced` class is what books pay, the demo catalog's reduced goods: UK books are
-- zero-rated (the 5 % reduced rate is for goods the catalog does not sell), Italy and Spain tax
-- books at their 4 % super-reduced rate, and US states tax them at their standard sales tax
-- (without a state rate a reduced line fell back to the country's 0). DE 7 %, FR 5.5 % and NL 9 %
-- already are the book rates. A rate an admin has already changed is left as it is.
update tax_rates set rate_ppm = 0, name = 'VAT zero rate (books)', updated_at = now()
where country = 'GB' and subdivision = '' and tax_class = 'reduced' and rate_ppm = 50000;

update tax_rates set rate_ppm = 40000, name = 'IVA libri', updated_at = now()
where country = 'IT' and subdivision = '' and tax_class = 'reduced' and rate_ppm = 100000;

update tax_rates set rate_ppm = 40000, name = 'IVA superreducido', updated_at = now()
where country = 'ES' and subdivision = '' and tax_class = 'reduced' and rate_ppm = 100000;

insert into tax_rates (id, region_id, country, subdivision, tax_class, rate_ppm, name)
select gen_random_uuid(), s.region_id, s.country, s.subdivision, 'reduced', s.rate_ppm, s.name
from tax_rates s
where s.country = 'US' and s.subdivision in ('CA', 'NY', 'TX', 'WA', 'FL') and s.tax_class = 'standard'
on conflict (country, subdivision, tax_class) do nothing;
