// A region's tax rates: per country (and US state or other subdivision) and tax class.
import type { RegionDetail, TaxRateCreate } from '@emporium/api-client';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field, SelectField } from '../components/Field';
import { compact } from '../components/form';
import { FormError } from '../components/states';
import { useRefreshRegions } from './use-refresh-regions';

type TaxClass = TaxRateCreate['taxClass'];
const CLASSES: Record<TaxClass, string> = { standard: 'Standard', reduced: 'Reduced', zero: 'Zero' };
const PERCENT = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/;

export function RegionTaxRates({ region }: { region: RegionDetail }) {
  const api = useApi();
  const refresh = useRefreshRegions();
  const [country, setCountry] = useState(region.countries[0] ?? '');
  const [subdivision, setSubdivision] = useState('');
  const [taxClass, setTaxClass] = useState<TaxClass>('standard');
  const [rate, setRate] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: () =>
      api.admin.regions.addTaxRate(region.id, {
        country,
        subdivision: subdivision.trim().toUpperCase() || undefined,
        taxClass,
        rate: rate.trim(),
        name: name.trim(),
      }),
    onSuccess: () => {
      setSubdivision('');
      setRate('');
      setName('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.admin.regions.removeTaxRate(region.id, id),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = compact({
      subdivision:
        subdivision.trim() && !/^[A-Z0-9]{1,3}$/.test(subdivision.trim().toUpperCase())
          ? 'Up to three letters or digits, e.g. CA.'
          : undefined,
      rate: PERCENT.test(rate.trim()) ? undefined : 'A percentage from 0 to 100, e.g. 19 or 8.875.',
      name: name.trim() ? undefined : 'Enter a name, e.g. VAT.',
    });
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  };
  const rates = [...region.taxRates].sort(
    (a, b) => a.country.localeCompare(b.country) || (a.subdivision ?? '').localeCompare(b.subdivision ?? ''),
  );
  return (
    <section className="card" aria-labelledby="tax-heading">
      <h2 id="tax-heading">Tax rates</h2>
      <div className="table-scroll">
        <table className="data-table" aria-label="Tax rates">
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Class</th>
              <th scope="col">Rate</th>
              <th scope="col">Name</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rates.map((taxRate) => {
              const where = taxRate.subdivision
                ? `${taxRate.country}-${taxRate.subdivision}`
                : taxRate.country;
              return (
                <tr key={taxRate.id}>
                  <td>{where}</td>
                  <td>{CLASSES[taxRate.taxClass]}</td>
                  <td>{taxRate.rate} %</td>
                  <td>{taxRate.name}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(taxRate.id)}
                      aria-label={`Remove ${taxRate.name} ${where} ${CLASSES[taxRate.taxClass]}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <FormError error={remove.error} />
      <form onSubmit={submit} noValidate className="form-grid" aria-label="Add a tax rate">
        <SelectField
          label="Country"
          name="taxCountry"
          value={country}
          onChange={(e) => setCountry(e.target.value)}
        >
          {region.countries.map((code) => (
            <option key={code}>{code}</option>
          ))}
        </SelectField>
        <Field
          label="State or subdivision"
          name="subdivision"
          hint="Optional, e.g. CA"
          value={subdivision}
          error={errors.subdivision}
          onChange={(e) => setSubdivision(e.target.value)}
        />
        <SelectField
          label="Tax class"
          name="taxClass"
          value={taxClass}
          onChange={(e) => setTaxClass(e.target.value as TaxClass)}
        >
          {Object.entries(CLASSES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Rate (%)"
          name="rate"
          inputMode="decimal"
          value={rate}
          error={errors.rate}
          onChange={(e) => setRate(e.target.value)}
        />
        <Field
          label="Rate name"
          name="rateName"
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <div>
          <button type="submit" className="button" disabled={add.isPending}>
            Add tax rate
          </button>
        </div>
      </form>
      <FormError error={add.error} />
    </section>
  );
}
