// The cart: lines with quantity steppers, what changed since the shopper last looked (prices,
// stock), the subtotal in the region's currency, and the way to checkout.
import type { CartLine } from '@emporium/api-client';
import { useState } from 'react';
import { FlatList, StyleSheet, Text, View } from 'react-native';
import { useRegion } from '../shop/region-context';
import { useCart } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { messageOf } from '../ui/errors';
import { EmptyState, ErrorState, Loading, Notice } from '../ui/states';
import { colors, space } from '../ui/theme';

const availabilityText: Record<CartLine['availability'], string | undefined> = {
  in_stock: undefined,
  insufficient_stock: 'Not enough in stock for this quantity',
  unavailable: 'No longer available: remove it to check out',
  not_sold_in_currency: 'Not sold in your region: remove it to check out',
};

export function CartScreen({ onCheckout }: { onCheckout: () => void }) {
  const cart = useCart();
  const { price, region } = useRegion();
  const [pendingSku, setPendingSku] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  async function change(sku: string, action: () => Promise<void>) {
    setPendingSku(sku);
    setFailure(undefined);
    try {
      await action();
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setPendingSku(undefined);
    }
  }

  if (cart.loading) return <Loading label="Loading your cart" />;
  if (cart.error) return <ErrorState message={messageOf(cart.error)} onRetry={cart.reload} />;
  const lines = cart.cart?.lines ?? [];
  if (lines.length === 0) {
    return <EmptyState title="Your cart is empty" hint="Products you add appear here." />;
  }
  const blocked = lines.some((line) => line.availability !== 'in_stock');
  // A cart with a line not sold in this currency has no subtotal.
  const subtotalText = cart.cart?.subtotal ? price(cart.cart.subtotal) : '—';

  return (
    <FlatList
      data={lines}
      keyExtractor={(line) => line.sku}
      contentContainerStyle={styles.content}
      ListHeaderComponent={
        <View>
          {cart.cart?.notices.map((notice) => (
            <Notice key={notice} tone="info" message={notice} />
          ))}
          {failure ? <Notice message={failure} /> : null}
        </View>
      }
      renderItem={({ item }) => (
        <CartLineRow
          line={item}
          busy={pendingSku === item.sku}
          onQuantity={(quantity) => change(item.sku, () => cart.setQuantity(item.sku, quantity))}
          onRemove={() => change(item.sku, () => cart.remove(item.sku))}
        />
      )}
      ListFooterComponent={
        <View style={styles.summary}>
          <View style={styles.subtotalRow}>
            <Text style={styles.subtotalLabel}>Subtotal</Text>
            <Text style={styles.subtotal} aria-label={`Subtotal ${subtotalText}`}>
              {subtotalText}
            </Text>
          </View>
          <Text style={styles.hint}>
            {region?.taxInclusive
              ? 'Prices include VAT; shipping is added at checkout.'
              : 'Shipping and tax are added at checkout.'}
          </Text>
          <Button label="Checkout" disabled={blocked} onPress={onCheckout} />
        </View>
      }
    />
  );
}

interface CartLineRowProps {
  line: CartLine;
  busy: boolean;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
}

function CartLineRow({ line, busy, onQuantity, onRemove }: CartLineRowProps) {
  const { price } = useRegion();
  const warning = availabilityText[line.availability];
  return (
    <View style={styles.line} aria-label={`${line.title}, ${line.quantity} in cart`}>
      <Text style={styles.title}>{line.title}</Text>
      <Text style={styles.muted}>
        {price(line.unitPrice)} each · {price(line.lineTotal)}
      </Text>
      {line.priceChange ? (
        <Text style={styles.warning}>
          Price changed from {price(line.priceChange.previous)} to {price(line.priceChange.current)}
        </Text>
      ) : null}
      {warning ? <Text style={styles.warning}>{warning}</Text> : null}
      <View style={styles.controls}>
        <Button
          label="−"
          variant="secondary"
          accessibilityLabel={`One fewer ${line.title}`}
          disabled={busy || line.quantity <= 1}
          onPress={() => onQuantity(line.quantity - 1)}
        />
        <Text style={styles.quantity} aria-label={`Quantity of ${line.title}: ${line.quantity}`}>
          {line.quantity}
        </Text>
        <Button
          label="+"
          variant="secondary"
          accessibilityLabel={`One more ${line.title}`}
          disabled={busy || line.quantity >= Math.min(line.available, 999)}
          onPress={() => onQuantity(line.quantity + 1)}
        />
        <Button
          label="Remove"
          variant="danger"
          accessibilityLabel={`Remove ${line.title}`}
          disabled={busy}
          onPress={onRemove}
        />
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, flexGrow: 1 },
  line: { paddingVertical: space.md, borderBottomWidth: 1, borderBottomColor: colors.border, gap: space.xs },
  title: { fontSize: 16, fontWeight: '600', color: colors.text },
  muted: { fontSize: 14, color: colors.muted },
  warning: { fontSize: 14, color: colors.warning },
  controls: { flexDirection: 'row', alignItems: 'center', gap: space.sm, marginTop: space.sm },
  quantity: { minWidth: 28, textAlign: 'center', fontSize: 16, color: colors.text },
  summary: { paddingTop: space.lg, gap: space.sm },
  subtotalRow: { flexDirection: 'row', justifyContent: 'space-between' },
  subtotalLabel: { fontSize: 17, color: colors.text },
  subtotal: { fontSize: 17, fontWeight: '700', color: colors.text },
  hint: { fontSize: 13, color: colors.muted },
});
