// The shopper's "Exchange an item" form on a delivered order: a delivered line, how many, the
// other variant of the same product to get instead (with what it costs more or less), and why.
// A dearer replacement's difference is authorized on the card given here and taken when the
// replacement ships; a cheaper one's is refunded then. One Idempotency-Key per request the shopper
// means, so a retry after a lost answer makes one exchange.
import { type ExchangeableLine, formatMoney, type Order, paymentToken } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field } from '../components/Field';
import { FormError } from '../components/states';

/** "you pay €5.00", "we refund €5.00" or "same price", for `amount` minor units of `currency`. */
function settlement(amount: number, currency: string): string {
  if (amount > 0) return `you pay ${formatMoney({ amount, currency })}`;
  if (amount < 0) return `we refund ${formatMoney({ amount: -amount, currency })}`;
  return 'same price';
}

export function ExchangeRequestForm({ order }: { order: Order }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const options = useQuery({
    queryKey: ['orders', order.orderId, 'exchange-options', order.returns.length],
    queryFn: ({ signal }) => api.orders.exchangeOptions(order.orderId, signal),
  });
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [replacementSku, setReplacementSku] = useState('');
  const [reason, setReason] = useState('');
  const [card, setCard] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState(() => crypto.randomUUID());
  const changed = () => setKey(crypto.randomUUID());
  const request = useMutation({
    mutationFn: (body: Parameters<typeof api.orders.requestExchange>[1]) =>
      api.orders.requestExchange(order.orderId, body, key),
    onSuccess: (updated) => {
      queryClient.setQueryData(['orders', order.orderId], updated);
      setSku('');
      setReplacementSku('');
      setQuantity('1');
      setReason('');
      setCard('');
      changed();
    },
  });
  const lines = (options.data ?? []).filter((line) => line.replacements.length > 0);
  if (lines.length === 0 && !request.isSuccess) return null;

  const line: ExchangeableLine | undefined = lines.find((l) => l.sku === sku);
  const replacement = line?.replacements.find((r) => r.sku === replacementSku);
  const units = Number(quantity);
  const difference = replacement && Number.isInteger(units) ? replacement.difference.amount * units : 0;
  const titleOf = (lineSku: string) => order.lines.find((l) => l.sku === lineSku)?.title ?? lineSku;

  const send = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!line) found.sku = 'Choose the item to exchange.';
    else if (!Number.isInteger(units) || units < 1 || units > line.returnable)
      found.quantity = `Enter a whole number from 1 to ${line.returnable}.`;
    if (line && !replacement) found.replacementSku = 'Choose what you would like instead.';
    if (!reason.trim()) found.reason = 'Tell us why, so we can help.';
    if (difference > 0 && !paymentToken(card)) found.card = 'Enter the card to pay the difference with.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    request.mutate({
      sku,
      quantity: units,
      replacementSku,
      reason: reason.trim(),
      ...(difference > 0 ? { paymentToken: paymentToken(card) } : {}),
    });
  };

  return (
    <section className="card" aria-labelledby="exchange-heading">
      <h2 id="exchange-heading">Exchange an item</h2>
      <form onSubmit={send} noValidate aria-label="Exchange an item">
        <FormError error={request.error} />
        {request.isSuccess ? <p className="notice notice-success">We have your exchange request.</p> : null}
        <div className={`field${errors.sku ? ' field-invalid' : ''}`}>
          <label htmlFor="exchange-sku">Item to exchange</label>
          <select
            id="exchange-sku"
            value={sku}
            onChange={(e) => {
              setSku(e.target.value);
              setReplacementSku('');
              changed();
            }}
          >
            <option value="">Choose…</option>
            {lines.map((l) => (
              <option key={l.sku} value={l.sku}>
                {titleOf(l.sku)} (up to {l.returnable})
              </option>
            ))}
          </select>
          {errors.sku ? <p className="field-error">{errors.sku}</p> : null}
        </div>
        {line ? (
          <>
            <Field
              label="How many"
              name="exchangeQuantity"
              inputMode="numeric"
              value={quantity}
              error={errors.quantity}
              onChange={(e) => {
                setQuantity(e.target.value);
                changed();
              }}
            />
            <div className={`field${errors.replacementSku ? ' field-invalid' : ''}`}>
              <label htmlFor="exchange-replacement">Instead</label>
              <select
                id="exchange-replacement"
                value={replacementSku}
                onChange={(e) => {
                  setReplacementSku(e.target.value);
                  changed();
                }}
              >
                <option value="">Choose…</option>
                {line.replacements.map((r) => (
                  <option key={r.sku} value={r.sku} disabled={r.available < 1}>
                    {r.title}: {formatMoney(r.price)} (
                    {settlement(r.difference.amount, r.difference.currency)})
                    {r.available < 1 ? ', sold out' : ''}
                  </option>
                ))}
              </select>
              {errors.replacementSku ? <p className="field-error">{errors.replacementSku}</p> : null}
            </div>
          </>
        ) : null}
        {replacement ? (
          <p role="status">
            Difference: {settlement(difference, replacement.difference.currency)}
            {difference > 0 ? ', authorized now and taken when the replacement ships' : ''}
            {difference < 0 ? ' once your items are back' : ''}.
          </p>
        ) : null}
        {difference > 0 ? (
          <Field
            label="Card for the difference"
            name="exchangeCard"
            autoComplete="cc-number"
            value={card}
            error={errors.card}
            onChange={(e) => {
              setCard(e.target.value);
              changed();
            }}
          />
        ) : null}
        <Field
          label="Why"
          name="exchangeReason"
          value={reason}
          error={errors.reason}
          onChange={(e) => {
            setReason(e.target.value);
            changed();
          }}
        />
        <button type="submit" className="button" disabled={request.isPending}>
          Request exchange
        </button>
      </form>
    </section>
  );
}
