// An existing price list's details: name, status, when it applies and the customer groups it is
// for. A save names the version the form was read at, so another admin's change meanwhile is
// reported (with a reload), never overwritten. Deleting asks once more; placed orders keep the
// prices they were quoted.
import type { CustomerGroup } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field, SelectField } from '../components/Field';
import { ErrorState, FormError, Loading } from '../components/states';
import {
  type DetailsErrors,
  detailsOf,
  type PriceListDetails,
  toPatch,
  validateDetails,
} from './price-list-form';

export const PRICE_LISTS = ['admin', 'price-lists'];

export function PriceListDetailsEditor({
  priceListId,
  groups,
  onDeleted,
}: {
  priceListId: string;
  groups: CustomerGroup[];
  onDeleted: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: [...PRICE_LISTS, priceListId],
    queryFn: () => api.admin.priceLists.get(priceListId),
  });
  /** What the admin typed; until then, the list as read. */
  const [draft, setDraft] = useState<PriceListDetails>();
  const [errors, setErrors] = useState<DetailsErrors>({});
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (details: PriceListDetails) =>
      api.admin.priceLists.update(priceListId, toPatch(details, list.data!.version)),
    onSuccess: (saved) => {
      queryClient.setQueryData([...PRICE_LISTS, priceListId], saved);
      setDraft(undefined);
      return queryClient.invalidateQueries({ queryKey: PRICE_LISTS, exact: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.admin.priceLists.remove(priceListId),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: [...PRICE_LISTS, priceListId] });
      await queryClient.invalidateQueries({ queryKey: PRICE_LISTS, exact: true });
      onDeleted();
    },
  });
  if (list.isLoading) return <Loading />;
  if (list.error || !list.data) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const shown = draft ?? detailsOf(list.data);
  const edit = (change: Partial<PriceListDetails>) => {
    setDraft({ ...shown, ...change });
    setErrors({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateDetails(shown);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(shown);
  };
  const reload = () => {
    setDraft(undefined);
    save.reset();
    return list.refetch();
  };
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">Details of {list.data.name}</h2>
      <form onSubmit={submit} noValidate aria-label="Price list details" className="form-grid">
        <Field
          label="Name"
          name="name"
          value={shown.name}
          error={errors.name}
          onChange={(e) => edit({ name: e.target.value })}
        />
        <SelectField
          label="Status"
          name="status"
          value={shown.status}
          onChange={(e) => edit({ status: e.target.value as PriceListDetails['status'] })}
        >
          <option value="draft">Draft</option>
          <option value="active">Active</option>
        </SelectField>
        <Field
          label="Starts"
          name="startsAt"
          type="datetime-local"
          value={shown.startsAt}
          hint="Empty: from now on."
          onChange={(e) => edit({ startsAt: e.target.value })}
        />
        <Field
          label="Ends"
          name="endsAt"
          type="datetime-local"
          value={shown.endsAt}
          error={errors.endsAt}
          hint="Empty: until it is changed."
          onChange={(e) => edit({ endsAt: e.target.value })}
        />
        <CustomerGroupChoice
          groups={groups}
          chosen={shown.customerGroupIds}
          onChange={(customerGroupIds) => edit({ customerGroupIds })}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save details
          </button>
        </div>
      </form>
      <FormError error={save.error} />
      {save.error ? (
        <button type="button" className="button" onClick={reload}>
          Reload the list
        </button>
      ) : null}
      {confirming ? (
        <p>
          Delete {list.data.name}? Placed orders keep their prices.{' '}
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            Yes, delete it
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </p>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Delete price list
        </button>
      )}
      <FormError error={remove.error} />
    </section>
  );
}

/** The customer groups a list is for; none chosen means everyone. */
export function CustomerGroupChoice({
  groups,
  chosen,
  onChange,
}: {
  groups: CustomerGroup[];
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>For customer groups (none: everyone)</legend>
      {groups.map((group) => (
        <label key={group.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(group.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, group.id] : chosen.filter((id) => id !== group.id))
            }
          />
          {group.name}
        </label>
      ))}
    </fieldset>
  );
}
