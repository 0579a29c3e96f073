// Checkout: contact, delivery address, shipping method and card, checked on the device first
// by the rules the web shares; then one POST /orders whose answer is the order (confirmed, or
// still processing), or a refusal with the reason (declined card, sold-out line) that keeps the
// shopper here with the cart as it was. A cart already checked out leads to that order. The card's expiry and security code are only checked: they live in
// this screen's state and are never sent, stored or logged.
import {
  CheckoutAttempts,
  type CheckoutErrors,
  type CheckoutField,
  type CheckoutForm,
  checkoutErrorMessage,
  checkoutFieldErrors,
  emptyCheckoutForm,
  formatMoney,
  outcomeOf,
  toCheckoutRequest,
  validateCheckout,
} from '@emporium/api-client';
import { useRef, useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useCart, useClient, useSession } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { Chip } from '../ui/chip';
import { count } from '../ui/count';
import { Field } from '../ui/field';
import { EmptyState, Loading, Notice } from '../ui/states';
import { colors, space } from '../ui/theme';

const shippingMethods = [
  { value: 'standard', label: 'Standard', hint: '3–5 working days' },
  { value: 'express', label: 'Express', hint: '1–2 working days' },
] as const;

interface CheckoutScreenProps {
  onPlaced: (orderId: string) => void;
  onSignIn: () => void;
}

export function CheckoutScreen({ onPlaced, onSignIn }: CheckoutScreenProps) {
  const client = useClient();
  const cart = useCart();
  const { user, ready } = useSession();
  const [form, setForm] = useState<CheckoutForm>(() => emptyCheckoutForm(user?.email ?? ''));
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [placing, setPlacing] = useState(false);
  const attempts = useRef(new CheckoutAttempts()).current;

  if (cart.loading || !ready) return <Loading label="Loading your cart" />;
  const current = cart.cart;
  if (!current || current.lines.length === 0) {
    // A refusal can empty the cart under the form (items sold out, cart already checked out):
    // its reason stays on screen.
    return (
      <View style={styles.content}>
        {failure ? <Notice message={failure} /> : null}
        <EmptyState title="Your cart is empty" hint="Add something before checking out." />
      </View>
    );
  }

  const set = (field: keyof CheckoutForm) => (value: string) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    if (field in errors) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const field = (name: CheckoutField, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field label={label} value={form[name]} onChangeText={set(name)} error={errors[name]} {...extra} />
  );

  async function placeOrder(cartId: string) {
    setFailure(undefined);
    const found = validateCheckout(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure('Some details need fixing; see the marked fields.');
      return;
    }
    const request = toCheckoutRequest(form, cartId);
    setPlacing(true);
    try {
      const order = await client.orders.checkout(request, attempts.keyFor(request));
      attempts.answered();
      const outcome = outcomeOf(order);
      if (outcome.kind === 'refused') {
        setFailure(outcome.message);
      } else {
        cart.reload();
        onPlaced(outcome.orderId);
      }
    } catch (error) {
      attempts.failed(error);
      const refusal = checkoutErrorMessage(error);
      if (refusal.existingOrderId) {
        cart.reload();
        onPlaced(refusal.existingOrderId);
        return;
      }
      setErrors(checkoutFieldErrors(error));
      setFailure(refusal.message);
      if (refusal.reviewCart) cart.reload();
    } finally {
      setPlacing(false);
    }
  }

  return (
    <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
      <Text role="heading" style={styles.heading}>
        Contact
      </Text>
      {user ? null : (
        // Guests check out with an e-mail address; signing in brings the cart along.
        <View style={styles.signIn}>
          <Text style={styles.hint}>Have an account? Sign in to see this order in your account later.</Text>
          <Button label="Sign in" onPress={onSignIn} />
        </View>
      )}
      {field('email', 'E-mail', {
        keyboardType: 'email-address',
        autoCapitalize: 'none',
        autoComplete: 'email',
      })}

      <Text role="heading" style={styles.heading}>
        Delivery address
      </Text>
      {field('name', 'Full name', { autoComplete: 'name' })}
      {field('line1', 'Street and number', { autoComplete: 'address-line1' })}
      {field('line2', 'Apartment, floor (optional)', { autoComplete: 'address-line2' })}
      {field('city', 'City')}
      {field('postalCode', 'Postal code', { autoComplete: 'postal-code' })}
      {field('region', 'State or region (optional)')}
      {field('country', 'Country code', {
        autoCapitalize: 'characters',
        maxLength: 2,
        hint: 'Two letters, e.g. US, DE, FR',
      })}
      {field('phone', 'Phone (optional)', { keyboardType: 'phone-pad', autoComplete: 'tel' })}

      <Text role="heading" style={styles.heading}>
        Shipping
      </Text>
      <View role="radiogroup" aria-label="Shipping method" style={styles.chips}>
        {shippingMethods.map((method) => (
          <Chip
            key={method.value}
            label={`${method.label} · ${method.hint}`}
            accessibilityLabel={`${method.label} shipping, ${method.hint}`}
            selected={form.shippingMethod === method.value}
            onPress={() => setForm({ ...form, shippingMethod: method.value })}
          />
        ))}
      </View>

      <Text role="heading" style={styles.heading}>
        Payment
      </Text>
      {field('card', 'Card number', {
        keyboardType: 'number-pad',
        autoComplete: 'cc-number',
        autoCorrect: false,
        hint: 'Sandbox test cards: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined.',
      })}
      <View style={styles.row}>
        <View style={styles.cell}>
          {field('expiry', 'Expiry (MM/YY)', {
            keyboardType: 'numbers-and-punctuation',
            autoComplete: 'cc-exp',
            autoCorrect: false,
            placeholder: '12/30',
          })}
        </View>
        <View style={styles.cell}>
          {field('cvc', 'Security code', {
            keyboardType: 'number-pad',
            autoComplete: 'cc-csc',
            autoCorrect: false,
            placeholder: '123',
          })}
        </View>
      </View>

      <View style={styles.summary}>
        <Text style={styles.summaryText}>
          {count(
            current.lines.reduce((sum, line) => sum + line.quantity, 0),
            'item',
          )}{' '}
          · {current.subtotal ? formatMoney(current.subtotal) : '—'}
        </Text>
        <Text style={styles.hint}>Shipping and tax are added to the total on your order.</Text>
      </View>
      {failure ? <Notice message={failure} /> : null}
      <Button label="Place order" busy={placing} onPress={() => placeOrder(current.cartId)} />
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  content: { padding: space.lg, paddingBottom: space.xl * 2 },
  heading: {
    fontSize: 18,
    fontWeight: '700',
    color: colors.text,
    marginTop: space.lg,
    marginBottom: space.sm,
  },
  chips: { flexDirection: 'row', flexWrap: 'wrap' },
  row: { flexDirection: 'row', gap: space.md },
  cell: { flex: 1 },
  summary: { marginTop: space.lg, marginBottom: space.sm, gap: space.xs },
  summaryText: { fontSize: 16, fontWeight: '600', color: colors.text },
  hint: { fontSize: 13, color: colors.muted },
  signIn: { gap: space.sm, marginBottom: space.md },
});
