// Price lists for admins: every list with who it is for and when, a form to create one, an editor
// of a list's details (PriceListDetailsEditor) and one of its entries (a SKU's price in a
// currency, from a number of units on). A save names the version it was edited from, so another
// admin's change meanwhile is reported, never overwritten.
import {
  type CustomerGroup,
  minorUnitDigits,
  type PriceList,
  type PriceListSummary,
} from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field, SelectField } from '../components/Field';
import { fromMinorUnits, toMinorUnits } from '../components/money-input';
import { Empty, ErrorState, FormError, Loading } from '../components/states';
import { CustomerGroupChoice, PRICE_LISTS as LISTS, PriceListDetailsEditor } from './PriceListDetailsEditor';
import { datesToCreate, periodText, validateDetails } from './price-list-form';

type Opened = { id: string; editor: 'details' | 'prices' };
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];

export function PriceListsPage() {
  useTitle('Price lists · Admin');
  const api = useApi();
  const lists = useQuery({ queryKey: LISTS, queryFn: () => api.admin.priceLists.list() });
  const groups = useQuery({
    queryKey: ['admin', 'customer-groups'],
    queryFn: () => api.admin.customerGroups.list(),
  });
  const [opened, setOpened] = useState<Opened>();
  const groupNames = new Map((groups.data ?? []).map((g) => [g.id, g.name]));
  return (
    <>
      <h1>Price lists</h1>
      {lists.isLoading ? <Loading /> : null}
      {lists.error ? <ErrorState error={lists.error} onRetry={() => lists.refetch()} /> : null}
      {lists.data && lists.data.length === 0 ? (
        <Empty title="No price lists yet">
          <p>Create a sale for everyone, or prices for a customer group, below.</p>
        </Empty>
      ) : null}
      {lists.data && lists.data.length > 0 ? (
        <ListTable lists={lists.data} groupNames={groupNames} onOpen={setOpened} />
      ) : null}
      {opened?.editor === 'prices' ? <EntriesEditor key={opened.id} priceListId={opened.id} /> : null}
      {opened?.editor === 'details' ? (
        <PriceListDetailsEditor
          key={opened.id}
          priceListId={opened.id}
          groups={groups.data ?? []}
          onDeleted={() => setOpened(undefined)}
        />
      ) : null}
      <NewListForm groups={groups.data ?? []} />
    </>
  );
}

function ListTable({
  lists,
  groupNames,
  onOpen,
}: {
  lists: PriceListSummary[];
  groupNames: Map<string, string>;
  onOpen: (opened: Opened) => void;
}) {
  return (
    <table className="data-table" aria-label="Price lists">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">For</th>
          <th scope="col">When</th>
          <th scope="col">Prices</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lists.map((list) => (
          <tr key={list.id}>
            <td>{list.name}</td>
            <td>{list.type === 'sale' ? 'Sale' : 'Override'}</td>
            <td>
              {list.customerGroupIds.length === 0
                ? 'Everyone'
                : list.customerGroupIds.map((id) => groupNames.get(id) ?? id).join(', ')}
            </td>
            <td>{periodText(list)}</td>
            <td>{list.entryCount}</td>
            <td>
              <span className={`badge ${list.status === 'active' ? 'badge-ok' : 'badge-muted'}`}>
                {list.status === 'active' ? 'Active' : 'Draft'}
              </span>
            </td>
            <td>
              <button
                type="button"
                className="button button-small"
                aria-label={`Edit details of ${list.name}`}
                onClick={() => onOpen({ id: list.id, editor: 'details' })}
              >
                Edit details
              </button>{' '}
              <button
                type="button"
                className="button button-small"
                aria-label={`Edit prices of ${list.name}`}
                onClick={() => onOpen({ id: list.id, editor: 'prices' })}
              >
                Edit prices
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface EntryRow {
  sku: string;
  currency: string;
  amount: string;
  minQuantity: string;
}

const rowOf = (entry: PriceList['entries'][number]): EntryRow => ({
  sku: entry.sku,
  currency: entry.currency,
  amount: fromMinorUnits(entry.amount, minorUnitDigits(entry.currency)),
  minQuantity: String(entry.minQuantity),
});

/** The rows as entries, or the first row's problem in words. */
function toEntries(rows: EntryRow[]): { entries?: PriceList['entries']; problem?: string } {
  const entries: PriceList['entries'] = [];
  for (const [index, row] of rows.entries()) {
    const line = `Row ${index + 1}`;
    if (!row.sku.trim()) return { problem: `${line}: enter a SKU.` };
    const digits = minorUnitDigits(row.currency);
    const amount = toMinorUnits(row.amount, digits);
    if (amount === undefined)
      return { problem: `${line}: the price is a number with at most ${digits} decimals.` };
    const minQuantity = Number(row.minQuantity);
    if (!Number.isInteger(minQuantity) || minQuantity < 1 || minQuantity > 999) {
      return { problem: `${line}: "from units" is a whole number from 1 to 999.` };
    }
    entries.push({ sku: row.sku.trim(), currency: row.currency, amount, minQuantity });
  }
  return { entries };
}

function EntriesEditor({ priceListId }: { priceListId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: [...LISTS, priceListId],
    queryFn: () => api.admin.priceLists.get(priceListId),
  });
  const [rows, setRows] = useState<EntryRow[]>();
  const [problem, setProblem] = useState<string>();
  const shown = rows ?? list.data?.entries.map(rowOf) ?? [];
  const save = useMutation({
    mutationFn: (entries: PriceList['entries']) =>
      api.admin.priceLists.update(priceListId, { version: list.data!.version, entries }),
    onSuccess: (saved) => {
      queryClient.setQueryData([...LISTS, priceListId], saved);
      setRows(undefined);
      return queryClient.invalidateQueries({ queryKey: LISTS, exact: true });
    },
  });
  if (list.isLoading) return <Loading />;
  if (list.error || !list.data) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const change = (index: number, field: keyof EntryRow, value: string) =>
    setRows(shown.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { entries, problem: found } = toEntries(shown);
    setProblem(found);
    if (entries) save.mutate(entries);
  };
  const reload = () => {
    setRows(undefined);
    save.reset();
    return list.refetch();
  };
  return (
    <section className="card" aria-labelledby="entries-heading">
      <h2 id="entries-heading">Prices of {list.data.name}</h2>
      <form onSubmit={submit} noValidate aria-label="Prices">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Currency</th>
              <th scope="col">Price</th>
              <th scope="col">From units</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, by position
              <tr key={index}>
                <td>
                  <input
                    aria-label={`SKU ${index + 1}`}
                    value={row.sku}
                    onChange={(e) => change(index, 'sku', e.target.value)}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Currency ${index + 1}`}
                    value={row.currency}
                    onChange={(e) => change(index, 'currency', e.target.value)}
                  >
                    {CURRENCIES.map((currency) => (
                      <option key={currency}>{currency}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Price ${index + 1}`}
                    inputMode="decimal"
                    value={row.amount}
                    onChange={(e) => change(index, 'amount', e.target.value)}
                  />
                </td>
                <td>
                  <input
                    aria-label={`From units ${index + 1}`}
                    inputMode="numeric"
                    value={row.minQuantity}
                    onChange={(e) => change(index, 'minQuantity', e.target.value)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Remove row ${index + 1}`}
                    onClick={() => setRows(shown.filter((_, i) => i !== index))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="button"
          onClick={() =>
            setRows([
              ...shown,
              { sku: '', currency: shown.at(-1)?.currency ?? 'USD', amount: '', minQuantity: '1' },
            ])
          }
        >
          Add a price
        </button>{' '}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          Save prices
        </button>
      </form>
      {problem ? (
        <p role="alert" className="form-error">
          {problem}
        </p>
      ) : null}
      <FormError error={save.error} />
      {save.error ? (
        <button type="button" className="button" onClick={reload}>
          Reload the list
        </button>
      ) : null}
    </section>
  );
}

function NewListForm({ groups }: { groups: CustomerGroup[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<'sale' | 'override'>('sale');
  const [status, setStatus] = useState<'active' | 'draft'>('draft');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [errors, setErrors] = useState<ReturnType<typeof validateDetails>>({});
  // One key per list typed: a retry after a lost answer creates it once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setKey(crypto.randomUUID());
    };
  const create = useMutation({
    mutationFn: () =>
      api.admin.priceLists.create(
        {
          name: name.trim(),
          type,
          status,
          customerGroupIds: groupIds,
          ...datesToCreate({ startsAt, endsAt }),
        },
        key,
      ),
    onSuccess: () => {
      setName('');
      setGroupIds([]);
      setStartsAt('');
      setEndsAt('');
      setKey(crypto.randomUUID());
      return queryClient.invalidateQueries({ queryKey: LISTS });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateDetails({ name, status, startsAt, endsAt, customerGroupIds: groupIds });
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate();
  };
  return (
    <section className="card" aria-labelledby="new-list-heading">
      <h2 id="new-list-heading">New price list</h2>
      <form onSubmit={submit} noValidate aria-label="New price list" className="form-grid">
        <Field
          label="Name"
          name="name"
          value={name}
          error={errors.name}
          onChange={(e) => edited(setName)(e.target.value)}
        />
        <SelectField
          label="Type"
          name="type"
          value={type}
          onChange={(e) => edited(setType)(e.target.value as 'sale' | 'override')}
        >
          <option value="sale">Sale (struck against the list price)</option>
          <option value="override">Override (the customer’s own price)</option>
        </SelectField>
        <SelectField
          label="Status"
          name="status"
          value={status}
          onChange={(e) => edited(setStatus)(e.target.value as 'active' | 'draft')}
        >
          <option value="draft">Draft</option>
          <option value="active">Active</option>
        </SelectField>
        <Field
          label="Starts"
          name="startsAt"
          type="datetime-local"
          value={startsAt}
          hint="Empty: from now on."
          onChange={(e) => edited(setStartsAt)(e.target.value)}
        />
        <Field
          label="Ends"
          name="endsAt"
          type="datetime-local"
          value={endsAt}
          error={errors.endsAt}
          hint="Empty: until it is changed."
          onChange={(e) => edited(setEndsAt)(e.target.value)}
        />
        <CustomerGroupChoice groups={groups} chosen={groupIds} onChange={edited(setGroupIds)} />
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create price list
          </button>
        </div>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
