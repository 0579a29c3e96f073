// One SKU's units per stock location, and a transfer between two of them. A transfer keeps its
// Idempotency-Key until it succeeds or the admin changes it, so a retry after a lost answer is
// applied once.
import type { StockTransfer } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field, SelectField } from '../components/Field';
import { ErrorState, FormError, Loading } from '../components/states';

export function StockByLocationPanel({ sku }: { sku: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const stock = useQuery({
    queryKey: ['admin', 'stock', 'by-location', sku],
    queryFn: () => api.admin.stock.byLocation(sku),
  });
  const codes = stock.data?.locations.map((level) => level.location) ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [quantity, setQuantity] = useState('');
  const [transferKey, setTransferKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** A changed field is another transfer, not a retry of the last one. */
  const edited = (set: (value: string) => void) => (value: string) => {
    set(value);
    setTransferKey(crypto.randomUUID());
  };
  const transfer = useMutation({
    mutationFn: (body: StockTransfer) => api.admin.stock.transfer(sku, body, transferKey),
    onSuccess: () => {
      setTransferKey(crypto.randomUUID());
      setQuantity('');
      return queryClient.invalidateQueries({ queryKey: ['admin', 'stock'] });
    },
  });
  /** The entry into the target location, once the transfer is made. */
  const moved = transfer.data?.entries.at(-1);
  const source = from || codes[0] || '';
  const target = to || codes.find((code) => code !== source) || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[1-9]\d*$/.test(quantity)) found.quantity = 'Enter how many units (1 or more).';
    if (source === target) found.to = 'Choose another location than the one units leave.';
    setErrors(found);
    if (Object.keys(found).length === 0) {
      transfer.mutate({ from: source, to: target, quantity: Number(quantity) });
    }
  };

  return (
    <section className="card" aria-labelledby="by-location-heading">
      <h2 id="by-location-heading">{sku} by location</h2>
      {stock.isLoading ? <Loading /> : null}
      {stock.error ? <ErrorState error={stock.error} onRetry={() => stock.refetch()} /> : null}
      {stock.data ? (
        <div className="table-scroll">
          <table className="data-table" aria-label={`Stock of ${sku} by location`}>
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" className="numeric">
                  Available
                </th>
                <th scope="col" className="numeric">
                  Reserved
                </th>
              </tr>
            </thead>
            <tbody>
              {stock.data.locations.map((level) => (
                <tr key={level.location}>
                  <td>{level.location}</td>
                  <td className="numeric">{level.available}</td>
                  <td className="numeric">{level.reserved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {codes.length > 1 ? (
        <form onSubmit={submit} noValidate className="toolbar" aria-label="Transfer stock">
          <SelectField
            label="From"
            name="from"
            value={source}
            onChange={(e) => edited(setFrom)(e.target.value)}
          >
            {codes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="To"
            name="to"
            value={target}
            error={errors.to}
            onChange={(e) => edited(setTo)(e.target.value)}
          >
            {codes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </SelectField>
          <Field
            label="Units to move"
            name="transferQuantity"
            inputMode="numeric"
            value={quantity}
            error={errors.quantity}
            onChange={(e) => edited(setQuantity)(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={transfer.isPending}>
            Transfer
          </button>
        </form>
      ) : null}
      <FormError error={transfer.error} />
      <p role="status">{moved ? `Moved ${moved.availableDelta} to ${moved.location}.` : ''}</p>
    </section>
  );
}
