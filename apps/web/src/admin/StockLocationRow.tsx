// One stock location in the admin list, with its edit and delete. An edit sends only what
// changed (the service refuses fields it does not take); a delete the service refuses because the
// location still holds units, or is the default, shows its reason and leaves the row.
import type { StockLocation } from '@emporium/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field } from '../components/Field';
import { FormError } from '../components/states';
import { COUNTRY, countriesOf, SHIPS_TO_ERROR } from './stock-location-form';

const shipsToText = (shipsTo: string[] | null) => (shipsTo ? shipsTo.join(', ') : '');

export function StockLocationRow({ location }: { location: StockLocation }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(location.name);
  const [country, setCountry] = useState(location.country ?? '');
  const [shipsTo, setShipsTo] = useState(shipsToText(location.shipsTo));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'stock'] });
  const update = useMutation({
    mutationFn: (changes: Parameters<typeof api.admin.stockLocations.update>[1]) =>
      api.admin.stockLocations.update(location.code, changes),
    onSuccess: () => {
      setEditing(false);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.admin.stockLocations.remove(location.code),
    onSuccess: refresh,
  });

  const save = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const countryCode = country.trim().toUpperCase();
    const countries = countriesOf(shipsTo);
    if (!name.trim()) found.name = 'Enter a name.';
    if (!COUNTRY.test(countryCode)) found.country = 'Two letters, e.g. DE.';
    if (!(countries ?? []).every((c) => COUNTRY.test(c))) found.shipsTo = SHIPS_TO_ERROR;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const changes = {
      ...(name.trim() !== location.name ? { name: name.trim() } : {}),
      ...(countryCode !== location.country ? { country: countryCode } : {}),
      ...(shipsToText(countries) !== shipsToText(location.shipsTo) ? { shipsTo: countries } : {}),
    };
    if (Object.keys(changes).length === 0) setEditing(false);
    else update.mutate(changes);
  };

  return (
    <tr>
      <td>
        {location.code}
        {location.default ? ' (default)' : ''}
      </td>
      {editing ? (
        <td colSpan={3}>
          <form onSubmit={save} noValidate className="toolbar" aria-label={`Edit ${location.code}`}>
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
            <button type="submit" className="button button-primary" disabled={update.isPending}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
          <FormError error={update.error} />
        </td>
      ) : (
        <>
          <td>{location.name}</td>
          <td>{location.country ?? '—'}</td>
          <td>{location.shipsTo ? location.shipsTo.join(', ') : 'Everywhere'}</td>
        </>
      )}
      <td>
        {editing ? null : (
          <button
            type="button"
            className="button"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${location.code}`}
          >
            Edit
          </button>
        )}
        {location.default ? null : (
          <button
            type="button"
            className="button"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
            aria-label={`Delete ${location.code}`}
          >
            Delete
          </button>
        )}
        <FormError error={remove.error} />
      </td>
    </tr>
  );
}
