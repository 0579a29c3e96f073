// One region for admins: its settings, countries, tax rates and shipping options.
import type { RegionDetail } from '@emporium/api-client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field } from '../components/Field';
import { ErrorState, FormError, Loading } from '../components/states';
import { RegionShippingOptions } from './RegionShippingOptions';
import { RegionTaxRates } from './RegionTaxRates';
import { useRefreshRegions } from './use-refresh-regions';

export function RegionPage() {
  const { regionId = '' } = useParams();
  const api = useApi();
  const region = useQuery({
    queryKey: ['admin', 'regions', regionId],
    queryFn: () => api.admin.regions.get(regionId),
  });
  useTitle(`${region.data?.name ?? 'Region'} · Admin`);
  return (
    <>
      <p>
        <Link to="/admin/regions">← Regions</Link>
      </p>
      {region.isLoading ? <Loading /> : null}
      {region.error ? <ErrorState error={region.error} onRetry={() => region.refetch()} /> : null}
      {region.data ? (
        <>
          <h1>
            {region.data.name} <span className="muted">({region.data.currency})</span>
          </h1>
          <RegionSettings key={region.data.id} region={region.data} />
          <RegionCountries region={region.data} />
          <RegionTaxRates region={region.data} />
          <RegionShippingOptions region={region.data} />
        </>
      ) : null}
    </>
  );
}

function RegionSettings({ region }: { region: RegionDetail }) {
  const api = useApi();
  const refresh = useRefreshRegions();
  const [name, setName] = useState(region.name);
  const [taxInclusive, setTaxInclusive] = useState(region.taxInclusive);
  const [taxOnShipping, setTaxOnShipping] = useState(region.taxOnShipping);
  const [returnDays, setReturnDays] = useState(String(region.returnWindowDays));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      api.admin.regions.update(region.id, {
        name: name.trim(),
        taxInclusive,
        taxOnShipping,
        returnWindowDays: Number(returnDays),
      }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter a name.';
    if (!/^\d{1,3}$/.test(returnDays) || Number(returnDays) > 365) found.returnDays = 'Whole days, 0 to 365.';
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  };
  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form onSubmit={submit} noValidate className="form-grid" aria-label="Region settings">
        <Field
          label="Name"
          name="name"
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="Return window (days)"
          name="returnDays"
          inputMode="numeric"
          value={returnDays}
          error={errors.returnDays}
          onChange={(e) => setReturnDays(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={taxInclusive} onChange={(e) => setTaxInclusive(e.target.checked)} />
          Prices include tax (VAT)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={taxOnShipping}
            onChange={(e) => setTaxOnShipping(e.target.checked)}
          />
          Tax shipping too
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save settings
          </button>
          {save.isSuccess ? <span role="status">Saved.</span> : null}
        </div>
      </form>
      <FormError error={save.error} />
    </section>
  );
}

function RegionCountries({ region }: { region: RegionDetail }) {
  const api = useApi();
  const refresh = useRefreshRegions();
  const [country, setCountry] = useState('');
  const [error, setError] = useState<string>();
  const add = useMutation({
    mutationFn: () => api.admin.regions.addCountry(region.id, country.toUpperCase()),
    onSuccess: () => {
      setCountry('');
      return refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = /^[A-Z]{2}$/.test(country.toUpperCase());
    setError(valid ? undefined : 'Two letters, e.g. AT.');
    if (valid) add.mutate();
  };
  return (
    <section className="card" aria-labelledby="countries-heading">
      <h2 id="countries-heading">Countries</h2>
      <p>{region.countries.join(', ')}</p>
      <form onSubmit={submit} noValidate className="toolbar" aria-label="Add a country">
        <Field
          label="Country"
          name="country"
          maxLength={2}
          value={country}
          error={error}
          onChange={(e) => setCountry(e.target.value)}
        />
        <button type="submit" className="button" disabled={add.isPending}>
          Add country
        </button>
      </form>
      <FormError error={add.error} />
    </section>
  );
}
