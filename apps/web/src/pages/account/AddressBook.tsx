// The address book: list, add, remove, choose the default for shipping.
import type { NewAddress } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../app/api-context';
import { COUNTRIES } from '../../checkout/checkout-form';
import { Field, SelectField } from '../../components/Field';
import { compact, type FieldErrors, required, serverFieldErrors } from '../../components/form';
import { ErrorState, FormError, Loading, messageOf } from '../../components/states';

const blank = { name: '', line1: '', line2: '', city: '', postalCode: '', region: '', country: 'US' };

export function AddressBook() {
  const api = useApi();
  const queryClient = useQueryClient();
  const addresses = useQuery({ queryKey: ['account', 'addresses'], queryFn: () => api.account.addresses() });
  const [draft, setDraft] = useState(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [adding, setAdding] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['account', 'addresses'] });

  const add = useMutation({
    mutationFn: (body: NewAddress) => api.account.addAddress(body),
    onSuccess: () => {
      setDraft(blank);
      setAdding(false);
      refresh();
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.account.removeAddress(id),
    onSuccess: refresh,
  });
  const makeDefault = useMutation({
    mutationFn: (id: string) => api.account.editAddress(id, { isDefaultShipping: true }),
    onSuccess: refresh,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = compact({
      name: required(draft.name, 'the name'),
      line1: required(draft.line1, 'the street and number'),
      city: required(draft.city, 'the city'),
      postalCode: required(draft.postalCode, 'the postal code'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    add.mutate({
      name: draft.name.trim(),
      line1: draft.line1.trim(),
      line2: draft.line2.trim() || undefined,
      city: draft.city.trim(),
      postalCode: draft.postalCode.trim(),
      region: draft.region.trim() || undefined,
      country: draft.country,
    });
  };
  const bind = (name: keyof typeof blank) => ({
    name,
    value: draft[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) =>
      setDraft((d) => ({ ...d, [name]: event.target.value })),
  });

  return (
    <section className="card" aria-labelledby="addresses-heading">
      <h2 id="addresses-heading">Addresses</h2>
      {addresses.isLoading ? <Loading /> : null}
      {addresses.error ? <ErrorState error={addresses.error} onRetry={() => addresses.refetch()} /> : null}
      {addresses.data?.length === 0 ? <p className="muted">No saved addresses yet.</p> : null}
      <ul className="address-list">
        {addresses.data?.map((address) => (
          <li key={address.id}>
            <span>
              {address.name}, {address.line1}, {address.postalCode} {address.city}, {address.country}
              {address.isDefaultShipping ? <span className="badge"> Default</span> : null}
            </span>
            <span className="form-actions">
              {address.isDefaultShipping ? null : (
                <button type="button" className="link-button" onClick={() => makeDefault.mutate(address.id)}>
                  Make default
                </button>
              )}
              <button
                type="button"
                className="link-button"
                onClick={() => remove.mutate(address.id)}
                aria-label={`Delete address ${address.line1}`}
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {remove.isError ? <FormError error={messageOf(remove.error)} /> : null}
      {adding ? (
        <form onSubmit={submit} noValidate aria-label="New address">
          <Field label="Full name" autoComplete="name" {...bind('name')} />
          <Field label="Street and number" autoComplete="address-line1" {...bind('line1')} />
          <Field label="Apartment, suite (optional)" autoComplete="address-line2" {...bind('line2')} />
          <div className="form-row">
            <Field label="City" autoComplete="address-level2" {...bind('city')} />
            <Field label="Postal code" autoComplete="postal-code" {...bind('postalCode')} />
            <Field label="State or region (optional)" {...bind('region')} />
            <SelectField label="Country" {...bind('country')}>
              {COUNTRIES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          </div>
          {add.isError && Object.keys(errors).length === 0 ? <FormError error={add.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={add.isPending}>
              Save address
            </button>
            <button type="button" className="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
          Add an address
        </button>
      )}
    </section>
  );
}
