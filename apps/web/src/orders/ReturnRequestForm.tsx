// The shopper's "Return items" form on a delivered order: how many of each line go back (at most
// what has not been returned yet) and why. One Idempotency-Key per request the shopper means, so
// a retry after a lost answer makes one return; changing the form means another request.
import type { Order } from '@emporium/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field } from '../components/Field';
import { FormError } from '../components/states';

/** Ordered minus what returns that were not rejected claim, per SKU. */
function returnable(order: Order): Map<string, number> {
  const left = new Map(order.lines.map((line) => [line.sku, line.quantity]));
  for (const ret of order.returns) {
    if (ret.status === 'rejected') continue;
    for (const line of ret.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

export function ReturnRequestForm({ order }: { order: Order }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const left = useMemo(() => returnable(order), [order]);
  const open = order.lines.filter((line) => (left.get(line.sku) ?? 0) > 0);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState(() => crypto.randomUUID());
  const changed = () => setKey(crypto.randomUUID());
  const request = useMutation({
    mutationFn: (body: Parameters<typeof api.orders.requestReturn>[1]) =>
      api.orders.requestReturn(order.orderId, body, key),
    onSuccess: (updated) => {
      queryClient.setQueryData(['orders', order.orderId], updated);
      setQuantities({});
      setReason('');
      changed();
    },
  });
  if (open.length === 0) return null;

  const send = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const lines = open.flatMap((line) => {
      const text = (quantities[line.sku] ?? '').trim();
      if (text === '' || text === '0') return [];
      const quantity = Number(text);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > (left.get(line.sku) ?? 0)) {
        found[line.sku] = `Enter a whole number from 0 to ${left.get(line.sku)}.`;
        return [];
      }
      return [{ sku: line.sku, quantity }];
    });
    if (!reason.trim()) found.reason = 'Tell us why, so we can help.';
    if (lines.length === 0 && !open.some((line) => found[line.sku]))
      found.lines = 'Choose at least one item to return.';
    setErrors(found);
    if (Object.keys(found).length === 0) request.mutate({ lines, reason: reason.trim() });
  };

  return (
    <section className="card" aria-labelledby="return-heading">
      <h2 id="return-heading">Return items</h2>
      <form onSubmit={send} aria-label="Return items">
        <FormError error={request.error} />
        {request.isSuccess ? <p className="notice notice-success">We have your return request.</p> : null}
        {errors.lines ? <p className="field-error">{errors.lines}</p> : null}
        {open.map((line) => (
          <Field
            key={line.sku}
            label={`${line.title}: how many to return (up to ${left.get(line.sku)})`}
            name={`return-${line.sku}`}
            inputMode="numeric"
            value={quantities[line.sku] ?? ''}
            error={errors[line.sku]}
            onChange={(e) => {
              setQuantities({ ...quantities, [line.sku]: e.target.value });
              changed();
            }}
          />
        ))}
        <Field
          label="Reason"
          name="returnReason"
          value={reason}
          error={errors.reason}
          onChange={(e) => {
            setReason(e.target.value);
            changed();
          }}
        />
        <button type="submit" className="button" disabled={request.isPending}>
          Request return
        </button>
      </form>
    </section>
  );
}
