// "Exchange an item" on a delivered order, as on the web shop: a delivered line, how many, the
// other variant of the same product to get instead (with what it costs more or less), and why. A
// dearer replacement's difference is authorized on the card given here and taken when the
// replacement ships, so the card is asked for only then; a cheaper one's is refunded. A retry
// after a lost answer sends the same Idempotency-Key, so it makes one exchange.
import {
  type ExchangeRequest,
  formatMoney,
  type Order,
  paymentToken,
  RequestAttempts,
} from '@emporium/api-client';
import { useRef, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { useLoad } from '../hooks/use-load';
import { useClient } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { Chip } from '../ui/chip';
import { messageOf } from '../ui/errors';
import { Field } from '../ui/field';
import { Notice } from '../ui/states';
import { colors, space } from '../ui/theme';

/** "you pay $5.00", "we refund $5.00" or "same price". */
function settlement(amount: number, currency: string): string {
  if (amount > 0) return `you pay ${formatMoney({ amount, currency })}`;
  if (amount < 0) return `we refund ${formatMoney({ amount: -amount, currency })}`;
  return 'same price';
}

type Errors = Partial<Record<'sku' | 'quantity' | 'replacementSku' | 'reason' | 'card', string>>;

export function ExchangeForm({ order, onRequested }: { order: Order; onRequested: () => void }) {
  const client = useClient();
  const options = useLoad(
    (signal) => client.orders.exchangeOptions(order.orderId, signal),
    [client, order.orderId, order.returns.length],
  );
  const attempts = useRef(new RequestAttempts<ExchangeRequest>()).current;
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [replacementSku, setReplacementSku] = useState('');
  const [reason, setReason] = useState('');
  const [card, setCard] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [sending, setSending] = useState(false);

  const lines = (options.data ?? []).filter((line) => line.replacements.length > 0);
  if (order.status !== 'delivered' || lines.length === 0) return null;
  const line = lines.find((l) => l.sku === sku);
  const replacement = line?.replacements.find((r) => r.sku === replacementSku);
  const units = Number(quantity);
  const difference = replacement && Number.isInteger(units) ? replacement.difference.amount * units : 0;
  const titleOf = (lineSku: string) => order.lines.find((l) => l.sku === lineSku)?.title ?? lineSku;

  const send = async () => {
    const found: Errors = {};
    if (!line) found.sku = 'Choose the item to exchange.';
    else if (!Number.isInteger(units) || units < 1 || units > line.returnable)
      found.quantity = `Enter a whole number from 1 to ${line.returnable}.`;
    if (line && !replacement) found.replacementSku = 'Choose what you would like instead.';
    if (!reason.trim()) found.reason = 'Tell us why, so we can help.';
    if (difference > 0 && !paymentToken(card)) found.card = 'Enter the card to pay the difference with.';
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    const request: ExchangeRequest = {
      sku,
      quantity: units,
      replacementSku,
      reason: reason.trim(),
      ...(difference > 0 ? { paymentToken: paymentToken(card) } : {}),
    };
    setSending(true);
    try {
      await client.orders.requestExchange(order.orderId, request, attempts.keyFor(request));
      attempts.answered();
      setSku('');
      setReplacementSku('');
      setQuantity('1');
      setReason('');
      setCard('');
      onRequested();
    } catch (error) {
      attempts.failed(error);
      setFailure(messageOf(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <View aria-label="Exchange an item" style={styles.form}>
      <Text role="heading" style={styles.heading}>
        Exchange an item
      </Text>
      {failure ? <Notice message={failure} /> : null}
      <Text style={styles.label}>Item to exchange</Text>
      <View role="radiogroup" aria-label="Item to exchange" style={styles.choices}>
        {lines.map((l) => (
          <Chip
            key={l.sku}
            label={`${titleOf(l.sku)} (up to ${l.returnable})`}
            selected={l.sku === sku}
            onPress={() => {
              setSku(l.sku);
              setReplacementSku('');
            }}
          />
        ))}
      </View>
      {errors.sku ? (
        <Text role="alert" style={styles.error}>
          {errors.sku}
        </Text>
      ) : null}
      {line ? (
        <>
          <Field
            label="How many"
            value={quantity}
            onChangeText={setQuantity}
            keyboardType="number-pad"
            error={errors.quantity}
          />
          <Text style={styles.label}>Instead</Text>
          <View role="radiogroup" aria-label="Instead" style={styles.choices}>
            {line.replacements.map((r) => (
              <Chip
                key={r.sku}
                label={`${r.title}: ${formatMoney(r.price)} (${settlement(r.difference.amount, r.difference.currency)})${r.available < 1 ? ', sold out' : ''}`}
                selected={r.sku === replacementSku}
                disabled={r.available < 1}
                onPress={() => setReplacementSku(r.sku)}
              />
            ))}
          </View>
          {errors.replacementSku ? (
            <Text role="alert" style={styles.error}>
              {errors.replacementSku}
            </Text>
          ) : null}
        </>
      ) : null}
      {replacement ? (
        <Text role="status" style={styles.body}>
          Difference: {settlement(difference, replacement.difference.currency)}
          {difference > 0 ? ', authorized now and taken when the replacement ships' : ''}
          {difference < 0 ? ' once your items are back' : ''}.
        </Text>
      ) : null}
      {difference > 0 ? (
        <Field
          label="Card for the difference"
          value={card}
          onChangeText={setCard}
          keyboardType="number-pad"
          autoComplete="cc-number"
          error={errors.card}
        />
      ) : null}
      <Field label="Why" value={reason} onChangeText={setReason} error={errors.reason} />
      <Button label="Request exchange" onPress={send} busy={sending} disabled={sending} />
    </View>
  );
}

const styles = StyleSheet.create({
  form: { marginTop: space.lg, gap: space.xs },
  heading: { fontSize: 17, fontWeight: '700', color: colors.text, marginBottom: space.xs },
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  choices: { flexDirection: 'row', flexWrap: 'wrap' },
  body: { fontSize: 15, color: colors.text, marginBottom: space.sm },
  error: { fontSize: 13, color: colors.danger },
});
