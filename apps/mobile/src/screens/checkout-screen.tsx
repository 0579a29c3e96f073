// Checkout: contact, delivery address (only the collector's name and country for a pickup), the
// region's shipping options, a coupon and the card, checked on the device first by the rules
// the web shares. The totals are the shop's own (GET /cart/{id}/totals) for the delivery
// country, whose region also decides the currency the app shows. Then one POST /orders whose
// answer is the order (confirmed, or still processing), or a refusal with the reason (declined
// card, sold-out line, coupon not taken) that keeps the shopper here with the cart as it was. A
// cart already checked out leads to that order. The card's expiry and security code are only
// checked: they live in this screen's state and are never sent, stored or logged.
import {
  ApiError,
  type Cart,
  CheckoutAttempts,
  type CheckoutErrors,
  type CheckoutField,
  type CheckoutForm,
  checkoutErrorMessage,
  checkoutFieldErrors,
  couponMessage,
  emptyCheckoutForm,
  isPickup,
  outcomeOf,
  type ShippingMethod,
  sendUntilAdmitted,
  toCheckoutRequest,
  validateCheckout,
} from '@emporium/api-client';
import { useEffect, useRef, useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useLoad } from '../hooks/use-load';
import { useCheckoutQuote } from '../shop/checkout-quote';
import { moneyText, regionOf } from '../shop/region';
import { useRegion } from '../shop/region-context';
import { useCart, useClient, useSession } from '../shop/shop-provider';
import { Button } from '../ui/button';
import { Chip } from '../ui/chip';
import { messageOf } from '../ui/errors';
import { Field } from '../ui/field';
import { EmptyState, Loading, Notice } from '../ui/states';
import { colors, space } from '../ui/theme';
import { CheckoutTotals } from './checkout-totals';

const shippingLabels = {
  standard: { label: 'Standard', hint: '3–5 working days' },
  express: { label: 'Express', hint: '1–2 working days' },
  pickup: { label: 'Pickup', hint: 'collect it yourself, no delivery address needed' },
} as const satisfies Record<ShippingMethod, { label: string; hint: string }>;

/** A pickup says where it is collected: the region's pickup option is named after the place. */
const pickupHint = (optionName: string | undefined) =>
  optionName ? `${optionName}, no delivery address needed` : shippingLabels.pickup.hint;

interface CheckoutScreenProps {
  onPlaced: (orderId: string) => void;
  onSignIn: () => void;
}

export function CheckoutScreen({ onPlaced, onSignIn }: CheckoutScreenProps) {
  const client = useClient();
  const cart = useCart();
  const { user, ready } = useSession();
  const { region, regions, choose } = useRegion();
  const [form, setForm] = useState<CheckoutForm>(() => ({
    ...emptyCheckoutForm(user?.email ?? ''),
    // The chosen region's first country, so the prices shown are the ones charged.
    ...(region?.countries[0] ? { country: region.countries[0] } : {}),
  }));
  /** The coupon the totals are worked out with: the one typed, once the shop has taken it. */
  const [appliedCoupon, setAppliedCoupon] = useState('');
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [placing, setPlacing] = useState(false);
  /** While the shop is too busy to take the order: the seconds until it is sent again. */
  const [busyRetry, setBusyRetry] = useState<number>();
  const attempts = useRef(new CheckoutAttempts()).current;
  const current = cart.cart;
  const quote = useCheckoutQuote(
    client,
    current ? { cartId: current.cartId, version: cartVersion(current) } : undefined,
    form.country,
    appliedCoupon,
  );
  const chosen = quote.choices.find((choice) => choice.method === form.shippingMethod);
  const destinationRegionId = regionOf(regions, form.country)?.id;
  // Only the name is read from here: whether a pickup is offered is the totals' answer above.
  const pickupOption = useLoad(
    async (signal) =>
      destinationRegionId
        ? (await client.catalog.shippingOptions(destinationRegionId, signal)).find(
            (option) => option.code === 'pickup' && option.active,
          )
        : undefined,
    [client, destinationRegionId],
  );
  const pickup = isPickup(form);
  const quoteCouponError = quote.error instanceof ApiError ? couponMessage(quote.error) : undefined;

  // Signing in from here (the sign-in screen opens over this one) brings the account's address.
  const accountEmail = user?.email;
  useEffect(() => {
    if (accountEmail)
      setForm((previous) => (previous.email ? previous : { ...previous, email: accountEmail }));
  }, [accountEmail]);

  // Prices follow the delivery country: shipping to Germany shows (and charges) the EU's euros.
  useEffect(() => {
    const destination = regionOf(regions, form.country);
    if (destination && destination.code !== region?.code) choose(destination.code);
  }, [form.country, regions, region?.code, choose]);

  // Only the region's own shipping options can be chosen.
  const firstOffered = quote.choices[0]?.method;
  useEffect(() => {
    if (firstOffered && !chosen) setForm((previous) => ({ ...previous, shippingMethod: firstOffered }));
  }, [firstOffered, chosen]);

  // A change of region re-reads the cart; the form stays on screen meanwhile.
  if ((cart.loading && !current) || !ready) return <Loading label="Loading your cart" />;
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

  async function applyCoupon(cartId: string) {
    const code = form.couponCode.trim();
    setErrors((previous) => ({ ...previous, couponCode: undefined }));
    if (!code) {
      setAppliedCoupon('');
      return;
    }
    try {
      // The shop says whether it takes the code for this cart and destination; only then does it count.
      await client.cart.totals(cartId, {
        country: form.country.trim().toUpperCase(),
        shippingMethod: form.shippingMethod,
        coupon: code,
      });
      setAppliedCoupon(code);
    } catch (error) {
      const message = error instanceof ApiError ? couponMessage(error) : undefined;
      setErrors((previous) => ({ ...previous, couponCode: message ?? messageOf(error) }));
    }
  }

  async function placeOrder(cartId: string) {
    setFailure(undefined);
    const found = validateCheckout(form);
    // The order is charged as the totals show it: a typed code counts once it has been applied.
    if (form.couponCode.trim() !== appliedCoupon) {
      found.couponCode = 'Apply this code to see its discount, or clear it.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure('Some details need fixing; see the marked fields.');
      return;
    }
    const request = toCheckoutRequest(form, cartId);
    setPlacing(true);
    try {
      const key = attempts.keyFor(request);
      const order = await sendUntilAdmitted(() => client.orders.checkout(request, key), {
        onBusy: setBusyRetry,
      });
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
      setBusyRetry(undefined);
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
        {pickup ? 'Who collects it' : 'Delivery address'}
      </Text>
      {field('name', 'Full name', { autoComplete: 'name' })}
      {/* A pickup keeps no street address, so none is asked for. */}
      {pickup ? null : (
        <>
          {field('line1', 'Street and number', { autoComplete: 'address-line1' })}
          {field('line2', 'Apartment, floor (optional)', { autoComplete: 'address-line2' })}
          {field('city', 'City')}
          {field('postalCode', 'Postal code', { autoComplete: 'postal-code' })}
          {field('region', 'State or region (optional)')}
        </>
      )}
      {field('country', 'Country code', {
        autoCapitalize: 'characters',
        maxLength: 2,
        hint: 'Two letters, e.g. US, DE, FR',
      })}
      {field('phone', 'Phone (optional)', { keyboardType: 'phone-pad', autoComplete: 'tel' })}

      <Text role="heading" style={styles.heading}>
        Shipping
      </Text>
      {quote.loading && quote.choices.length === 0 ? (
        <Text style={styles.hint}>Working out shipping to {form.country.toUpperCase()}…</Text>
      ) : null}
      {quote.choices.length === 0 && !quote.loading && !quote.error ? (
        <Text style={styles.hint}>Enter the country to see its shipping options.</Text>
      ) : null}
      <View role="radiogroup" aria-label="Shipping method" style={styles.chips}>
        {quote.choices.map(({ method, totals }) => {
          const { label } = shippingLabels[method];
          const hint =
            method === 'pickup' ? pickupHint(pickupOption.data?.name) : shippingLabels[method].hint;
          const cost = totals.shipping.amount === 0 ? 'free' : moneyText(totals.shipping);
          return (
            <Chip
              key={method}
              label={`${label} · ${hint} · ${cost}`}
              accessibilityLabel={`${label} shipping, ${hint}, ${cost}`}
              selected={form.shippingMethod === method}
              onPress={() => setForm({ ...form, shippingMethod: method })}
            />
          );
        })}
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

      <Text role="heading" style={styles.heading}>
        Coupon
      </Text>
      {field('couponCode', 'Coupon code (optional)', { autoCapitalize: 'characters', autoCorrect: false })}
      <Button label="Apply coupon" variant="secondary" onPress={() => applyCoupon(current.cartId)} />
      {appliedCoupon ? <Text style={styles.hint}>{appliedCoupon} applied.</Text> : null}

      <Text role="heading" style={styles.heading}>
        Total
      </Text>
      {chosen ? <CheckoutTotals totals={chosen.totals} /> : null}
      {quote.error && !quoteCouponError ? <Notice message={messageOf(quote.error)} /> : null}
      {quoteCouponError ? <Notice message={quoteCouponError} /> : null}
      <View style={styles.summary} />
      {failure ? <Notice message={failure} /> : null}
      {busyRetry === undefined ? null : (
        <Notice
          message={`The shop is very busy right now; nothing has been ordered or charged yet. Trying again in ${busyRetry} ${busyRetry === 1 ? 'second' : 'seconds'}…`}
        />
      )}
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
  hint: { fontSize: 13, color: colors.muted },
  signIn: { gap: space.sm, marginBottom: space.md },
});

/** Changes whenever the cart's lines or currency do, so the totals are worked out again. */
function cartVersion(cart: Cart): string {
  return [cart.subtotal?.currency ?? '', ...cart.lines.map((line) => `${line.sku}:${line.quantity}`)].join(
    '|',
  );
}
