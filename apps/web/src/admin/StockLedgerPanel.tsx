// One SKU's stock for admins: its ledger (newest first, older pages on demand, CSV export), a
// write-up/write-down with a reason, and a counted quantity. A write-down keeps its
// Idempotency-Key until it succeeds or the admin changes it, so a retry after a lost answer is
// applied once.
import type { StockAdjustment, StockChange, StockLedgerEntry } from '@emporium/api-client';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field, SelectField } from '../components/Field';
import { Empty, ErrorState, FormError, Loading } from '../components/states';

const REASONS: { value: StockAdjustment['reason']; label: string }[] = [
  { value: 'damaged', label: 'Damaged' },
  { value: 'lost', label: 'Lost' },
  { value: 'recount', label: 'Recount' },
  { value: 'found', label: 'Found' },
  { value: 'other', label: 'Other' },
];

const KIND_LABELS: Record<StockLedgerEntry['kind'], string> = {
  opening: 'Opening balance',
  initial: 'Variant created',
  reservation: 'Reserved',
  release: 'Released',
  expiry: 'Reservation expired',
  sale: 'Sold',
  return: 'Returned to stock',
  restock: 'Restocked',
  adjustment: 'Adjusted',
  count: 'Counted',
  removal: 'Removed',
  transfer: 'Transferred',
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function downloadCsv(sku: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `stock-ledger-${sku}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

export function StockLedgerPanel({ sku }: { sku: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const ledger = useInfiniteQuery({
    queryKey: ['admin', 'stock', 'ledger', sku],
    queryFn: ({ pageParam }) => api.admin.stock.ledger(sku, pageParam ? { cursor: pageParam } : {}),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  /** The last change made here, adjustment or count, said in words. */
  const [changed, setChanged] = useState<StockChange>();
  const applied = (change: StockChange) => {
    setChanged(change);
    return queryClient.invalidateQueries({ queryKey: ['admin', 'stock'] });
  };

  const [direction, setDirection] = useState<'down' | 'up'>('down');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<StockAdjustment['reason']>('damaged');
  const [note, setNote] = useState('');
  const [adjustmentKey, setAdjustmentKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** A changed field is another adjustment, not a retry of the last one. */
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setAdjustmentKey(crypto.randomUUID());
    };
  const adjust = useMutation({
    mutationFn: (body: StockAdjustment) => api.admin.stock.adjust(sku, body, adjustmentKey),
    onSuccess: (change) => {
      setAdjustmentKey(crypto.randomUUID());
      setQuantity('');
      setNote('');
      return applied(change);
    },
  });

  const [counted, setCounted] = useState('');
  const [countNote, setCountNote] = useState('');
  const count = useMutation({
    mutationFn: () =>
      api.admin.stock.count(sku, { counted: Number(counted), ...(countNote ? { note: countNote } : {}) }),
    onSuccess: (change) => {
      setCounted('');
      setCountNote('');
      return applied(change);
    },
  });
  const exportCsv = useMutation({
    mutationFn: () => api.admin.stock.ledgerCsv(sku),
    onSuccess: (csv) => downloadCsv(sku, csv),
  });

  const submitAdjustment = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[1-9]\d*$/.test(quantity)) found.quantity = 'Enter how many units (1 or more).';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const units = Number(quantity);
    adjust.mutate({ quantity: direction === 'down' ? -units : units, reason, ...(note ? { note } : {}) });
  };
  const submitCount = (event: FormEvent) => {
    event.preventDefault();
    const valid = /^\d+$/.test(counted);
    setErrors(valid ? {} : { counted: 'Enter the units counted (0 or more).' });
    if (valid) count.mutate();
  };

  const entries = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">Stock of {sku}</h2>
      <form onSubmit={submitAdjustment} noValidate className="toolbar" aria-label="Adjust stock">
        <SelectField
          label="Change"
          name="direction"
          value={direction}
          onChange={(e) => edited(setDirection)(e.target.value as 'down' | 'up')}
        >
          <option value="down">Write down</option>
          <option value="up">Write up</option>
        </SelectField>
        <Field
          label="Units"
          name="quantity"
          inputMode="numeric"
          value={quantity}
          error={errors.quantity}
          onChange={(e) => edited(setQuantity)(e.target.value)}
        />
        <SelectField
          label="Reason"
          name="reason"
          value={reason}
          onChange={(e) => edited(setReason)(e.target.value as StockAdjustment['reason'])}
        >
          {REASONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Note"
          name="note"
          maxLength={500}
          value={note}
          onChange={(e) => edited(setNote)(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={adjust.isPending}>
          Apply adjustment
        </button>
      </form>
      <FormError error={adjust.error} />
      <form onSubmit={submitCount} noValidate className="toolbar" aria-label="Count stock">
        <Field
          label="Units counted"
          name="counted"
          inputMode="numeric"
          value={counted}
          error={errors.counted}
          onChange={(e) => setCounted(e.target.value)}
        />
        <Field
          label="Count note"
          name="countNote"
          maxLength={500}
          value={countNote}
          onChange={(e) => setCountNote(e.target.value)}
        />
        <button type="submit" className="button" disabled={count.isPending}>
          Set counted quantity
        </button>
      </form>
      <FormError error={count.error} />
      <p role="status">
        {changed
          ? `${sku}: ${changed.level.available} available (${signed(changed.entry.availableDelta)}).`
          : ''}
      </p>

      <h3>History</h3>
      <button
        type="button"
        className="button button-small"
        disabled={exportCsv.isPending}
        onClick={() => exportCsv.mutate()}
      >
        Export CSV
      </button>
      <FormError error={exportCsv.error} />
      {ledger.isLoading ? <Loading /> : null}
      {ledger.error ? <ErrorState error={ledger.error} onRetry={() => ledger.refetch()} /> : null}
      {ledger.data && entries.length === 0 ? <Empty title="No changes recorded" /> : null}
      {entries.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label={`Stock history of ${sku}`}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Location</th>
                <th scope="col" className="numeric">
                  Available
                </th>
                <th scope="col" className="numeric">
                  Reserved
                </th>
                <th scope="col">By</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{new Date(entry.at).toLocaleString()}</td>
                  <td>{KIND_LABELS[entry.kind]}</td>
                  <td>{entry.location}</td>
                  <td className="numeric">
                    {signed(entry.availableDelta)} → {entry.availableAfter}
                  </td>
                  <td className="numeric">
                    {signed(entry.reservedDelta)} → {entry.reservedAfter}
                  </td>
                  <td>{entry.actor}</td>
                  <td>{[entry.reason, entry.note].filter(Boolean).join(': ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ledger.hasNextPage ? (
        <button
          type="button"
          className="button button-small"
          disabled={ledger.isFetchingNextPage}
          onClick={() => ledger.fetchNextPage()}
        >
          Older changes
        </button>
      ) : null}
    </section>
  );
}
