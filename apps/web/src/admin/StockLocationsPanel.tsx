// The shop's stock locations (warehouses) for admins: the list (each row edited or deleted in
// StockLocationRow), and a form to add one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field } from '../components/Field';
import { ErrorState, FormError, Loading } from '../components/states';
import { StockLocationRow } from './StockLocationRow';
import { COUNTRY, countriesOf, LOCATION_CODE, SHIPS_TO_ERROR } from './stock-location-form';

export function StockLocationsPanel() {
  const api = useApi();
  const queryClient = useQueryClient();
  const locations = useQuery({
    queryKey: ['admin', 'stock', 'locations'],
    queryFn: () => api.admin.stockLocations.list(),
  });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [shipsTo, setShipsTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () =>
      api.admin.stockLocations.create({
        code,
        name: name.trim(),
        country: country.toUpperCase(),
        shipsTo: countriesOf(shipsTo),
      }),
    onSuccess: () => {
      setCode('');
      setName('');
      setCountry('');
      setShipsTo('');
      return queryClient.invalidateQueries({ queryKey: ['admin', 'stock'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!LOCATION_CODE.test(code)) found.code = 'Lower-case letters, digits and dashes (up to 40).';
    if (!name.trim()) found.name = 'Enter a name.';
    if (!COUNTRY.test(country.toUpperCase())) found.country = 'Two letters, e.g. DE.';
    if (!(countriesOf(shipsTo) ?? []).every((c) => COUNTRY.test(c))) {
      found.shipsTo = SHIPS_TO_ERROR;
    }
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate();
  };

  return (
    <section className="card" aria-labelledby="locations-heading">
      <h2 id="locations-heading">Locations</h2>
      {locations.isLoading ? <Loading /> : null}
      {locations.error ? <ErrorState error={locations.error} onRetry={() => locations.refetch()} /> : null}
      {locations.data ? (
        <div className="table-scroll">
          <table className="data-table" aria-label="Stock locations">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Country</th>
                <th scope="col">Ships to</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {locations.data.map((location) => (
                <StockLocationRow key={location.code} location={location} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="toolbar" aria-label="Add a location">
        <Field
          label="Code"
          name="code"
          value={code}
          error={errors.code}
          onChange={(e) => setCode(e.target.value)}
        />
        <Field
          label="Name"
          name="name"
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="Country"
          name="country"
          maxLength={2}
          value={country}
          error={errors.country}
          onChange={(e) => setCountry(e.target.value)}
        />
        <Field
          label="Ships to"
          name="shipsTo"
          hint="Empty: everywhere"
          value={shipsTo}
          error={errors.shipsTo}
          onChange={(e) => setShipsTo(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Add location
        </button>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
