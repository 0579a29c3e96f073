// Checkout: contact, shipping address, shipping method (the destination region's own; a pickup
// asks only who collects it), payment (sandbox test cards, or Stripe test-mode methods when the
// shop runs on Stripe), then the order. A refused checkout (declined card, sold-out line) is no
// order: its reason is said in the shopper's words here, on checkout, with the cart as it was.
// A cart another request already checked out leads to that order.
import {
  CHECKOUT_FIELD_NAMES,
  CheckoutAttempts,
  type CheckoutForm,
  checkoutErrorMessage,
  checkoutFieldErrors,
  emptyCheckoutForm,
  isPickup,
  outcomeOf,
  type PaymentProvider,
  type SavedAddress,
  sendUntilAdmitted,
  toCheckoutRequest,
  validateCheckout,
} from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { useAuth } from '../../auth/auth-context';
import { useCart } from '../../cart/cart-context';
import { checkoutReadiness } from '../../cart/cart-state';
import { COUNTRIES, SANDBOX_TEST_CARDS, STRIPE_TEST_METHODS } from '../../checkout/checkout-form';
import { ShippingChoicePrice } from '../../checkout/ShippingChoicePrice';
import { useShippingChoices } from '../../checkout/shipping-choices';
import { Field, SelectField } from '../../components/Field';
import { type FieldErrors, focusFirstInvalid, serverFieldErrors } from '../../components/form';
import { Empty, Loading } from '../../components/states';
import { useRegion } from '../../region/region-context';
import { regionOf } from '../../region/region-state';
import { CheckoutSummary } from './CheckoutSummary';

const provider: PaymentProvider = import.meta.env.VITE_PAYMENT_PROVIDER === 'stripe' ? 'stripe' : 'sandbox';

export function CheckoutPage() {
  useTitle('Checkout');
  const api = useApi();
  const navigate = useNavigate();
  const { user, ready } = useAuth();
  const cart = useCart();
  const { region, regions, choose } = useRegion();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const attempts = useRef(new CheckoutAttempts()).current;
  const [form, setForm] = useState<CheckoutForm>(() => ({
    ...emptyCheckoutForm(user?.email ?? ''),
    // The chosen region's first country, so the prices shown are the ones charged.
    ...(region ? { country: region.countries[0] ?? 'US' } : {}),
  }));
  /** The coupon the summary prices with: the one typed, once the shopper applies it. */
  const [appliedCoupon, setAppliedCoupon] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; reviewCart: boolean }>();
  const [placing, setPlacing] = useState(false);
  /** While the shop is too busy to take the order: the seconds until it is sent again. */
  const [busyRetry, setBusyRetry] = useState<number>();

  const addresses = useQuery({
    queryKey: ['account', 'addresses'],
    queryFn: () => api.account.addresses(),
    enabled: Boolean(user),
  });
  // Signed-in shoppers start from their e-mail and default shipping address.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !user) return;
    const address = addresses.data?.find((a) => a.isDefaultShipping) ?? addresses.data?.[0];
    if (!addresses.data && !addresses.error) return;
    prefilled.current = true;
    setForm((current) => ({
      ...emptyCheckoutForm(current.email || user.email, address),
      card: current.card,
      expiry: current.expiry,
      cvc: current.cvc,
    }));
  }, [user, addresses.data, addresses.error]);

  useEffect(() => {
    if (failure) alertRef.current?.focus();
  }, [failure]);

  // Prices follow the shipping country: shipping to Germany shows (and charges) the EU's euros.
  useEffect(() => {
    const destination = regionOf(regions, form.country);
    if (destination && destination.code !== region?.code) choose(destination.code);
  }, [form.country, regions, region?.code, choose]);

  // Only the destination region's own shipping methods can be chosen.
  const shipping = useShippingChoices(regionOf(regions, form.country));
  const offered = shipping.choices.some((choice) => choice.method === form.shippingMethod);
  const firstOffered = shipping.choices[0]?.method;
  useEffect(() => {
    if (shipping.known && !offered && firstOffered)
      setForm((previous) => ({ ...previous, shippingMethod: firstOffered }));
  }, [shipping.known, offered, firstOffered]);

  if (!ready || cart.isLoading) return <Loading />;
  const current = cart.cart;
  const readiness = checkoutReadiness(current);
  if (!current || current.lines.length === 0) {
    return (
      <Empty title="Nothing to check out">
        <p>Your cart is empty.</p>
        <Link to="/" className="button button-primary">
          Continue shopping
        </Link>
      </Empty>
    );
  }

  const pickup = isPickup(form);
  const set = (name: keyof CheckoutForm, value: string) => {
    setForm((previous) => ({ ...previous, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };
  const bind = (name: keyof CheckoutForm) => ({
    name,
    value: form[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => set(name, event.target.value),
  });

  const fillAddress = (address: SavedAddress) =>
    setForm((previous) => ({
      ...emptyCheckoutForm(previous.email, address),
      shippingMethod: previous.shippingMethod,
      card: previous.card,
      expiry: previous.expiry,
      cvc: previous.cvc,
    }));

  const placeOrder = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found = validateCheckout(form, provider);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstInvalid(formRef.current));
      return;
    }
    const request = toCheckoutRequest(form, current.cartId);
    setPlacing(true);
    try {
      const key = attempts.keyFor(request);
      const order = await sendUntilAdmitted(() => api.orders.checkout(request, key), {
        onBusy: setBusyRetry,
      });
      attempts.answered();
      const outcome = outcomeOf(order);
      if (outcome.kind === 'refused') {
        setFailure({ message: outcome.message, reviewCart: false });
        return;
      }
      if (outcome.kind === 'confirmed') cart.forget();
      navigate(`/orders/${outcome.orderId}?placed=1`);
    } catch (error) {
      attempts.failed(error);
      const refusal = checkoutErrorMessage(error);
      if (refusal.existingOrderId) {
        cart.forget();
        navigate(`/orders/${refusal.existingOrderId}`);
        return;
      }
      // A coupon the shop did not take is a problem of its own, told beside the coupon field.
      const coupon = checkoutFieldErrors(error).couponCode;
      setErrors({
        ...serverFieldErrors(error, CHECKOUT_FIELD_NAMES),
        ...(coupon ? { couponCode: coupon } : {}),
      });
      setFailure(refusal);
      setTimeout(() => focusFirstInvalid(formRef.current));
    } finally {
      setPlacing(false);
      setBusyRetry(undefined);
    }
  };

  return (
    <>
      <h1>Checkout</h1>
      <div className="checkout-layout">
        <form ref={formRef} onSubmit={placeOrder} noValidate aria-label="Checkout">
          <section className="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">Contact</h2>
            <Field
              label="E-mail"
              type="email"
              autoComplete="email"
              {...bind('email')}
              hint="We send the receipt here."
            />
            {user ? null : (
              <p className="muted">
                Have an account? <Link to="/signin?next=/checkout">Sign in</Link> to use your saved addresses.
              </p>
            )}
          </section>

          <section className="card" aria-labelledby="address-heading">
            <h2 id="address-heading">{pickup ? 'Who collects the order' : 'Shipping address'}</h2>
            {addresses.data && addresses.data.length > 0 ? (
              <div className="form-actions" style={{ marginBottom: 'var(--space-4)' }}>
                {addresses.data.map((address) => (
                  <button
                    key={address.id}
                    type="button"
                    className="button button-small"
                    onClick={() => fillAddress(address)}
                  >
                    Use {address.line1}, {address.city}
                  </button>
                ))}
              </div>
            ) : null}
            <Field label="Full name" autoComplete="name" {...bind('name')} />
            {/* A pickup keeps no street address, so none is asked for. */}
            {pickup ? null : (
              <>
                <Field label="Street and number" autoComplete="address-line1" {...bind('line1')} />
                <Field label="Apartment, suite (optional)" autoComplete="address-line2" {...bind('line2')} />
                <div className="form-row">
                  <Field label="City" autoComplete="address-level2" {...bind('city')} />
                  <Field label="Postal code" autoComplete="postal-code" {...bind('postalCode')} />
                </div>
              </>
            )}
            <div className="form-row">
              {pickup ? null : (
                <Field label="State or region (optional)" autoComplete="address-level1" {...bind('region')} />
              )}
              <SelectField label="Country" autoComplete="country" {...bind('country')}>
                {COUNTRIES.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </SelectField>
            </div>
            <Field label="Phone (optional)" type="tel" autoComplete="tel" {...bind('phone')} />
          </section>

          <section className="card" aria-labelledby="shipping-heading">
            <h2 id="shipping-heading">Shipping</h2>
            <fieldset className="shipping-options">
              <legend className="visually-hidden">Shipping method</legend>
              {shipping.choices.map(({ method, label }) => (
                <label key={method} className="shipping-option">
                  <input
                    type="radio"
                    name="shippingMethod"
                    value={method}
                    checked={form.shippingMethod === method}
                    onChange={() => set('shippingMethod', method)}
                  />
                  <span>{label}</span>
                  <ShippingChoicePrice
                    cart={current}
                    country={form.country}
                    method={method}
                    coupon={appliedCoupon}
                  />
                </label>
              ))}
            </fieldset>
          </section>

          <section className="card" aria-labelledby="payment-heading">
            <h2 id="payment-heading">Payment</h2>
            {provider === 'stripe' ? (
              <SelectField label="Test payment method (Stripe test mode)" {...bind('card')}>
                <option value="">Choose…</option>
                {STRIPE_TEST_METHODS.map((method) => (
                  <option key={method.id} value={method.id}>
                    {method.label}
                  </option>
                ))}
              </SelectField>
            ) : (
              <>
                <Field
                  label="Card number"
                  inputMode="numeric"
                  autoComplete="cc-number"
                  placeholder="4242 4242 4242 4242"
                  {...bind('card')}
                />
                <div className="form-row">
                  <Field
                    label="Expiry (MM/YY)"
                    autoComplete="cc-exp"
                    placeholder="12/30"
                    {...bind('expiry')}
                  />
                  <Field
                    label="Security code"
                    inputMode="numeric"
                    autoComplete="cc-csc"
                    placeholder="123"
                    {...bind('cvc')}
                  />
                </div>
                <p className="muted">This shop runs on the sandbox payment provider. Test cards:</p>
                <ul className="test-cards">
                  {SANDBOX_TEST_CARDS.map((card) => (
                    <li key={card.number}>
                      <code>{card.number}</code> {card.outcome}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <section className="card" aria-labelledby="coupon-heading">
            <h2 id="coupon-heading">Coupon</h2>
            <Field
              label="Coupon code (optional)"
              autoComplete="off"
              {...bind('couponCode')}
              hint="Apply it to see the discount in your order's summary."
            />
            <button
              type="button"
              className="button button-small"
              onClick={() => setAppliedCoupon(form.couponCode.trim())}
            >
              Apply coupon
            </button>
          </section>

          <div ref={alertRef} tabIndex={-1} role="alert" aria-live="assertive">
            {failure ? (
              <div className="notice notice-error" data-testid="checkout-error">
                <p>{failure.message}</p>
                {failure.reviewCart ? (
                  <Link to="/cart">Review your cart</Link>
                ) : (
                  <p>Your cart is unchanged.</p>
                )}
              </div>
            ) : null}
          </div>
          {readiness.ready ? null : <p className="notice notice-error">{readiness.reason}</p>}
          {busyRetry === undefined ? null : (
            <p className="notice" role="status">
              The shop is very busy right now; nothing has been ordered or charged yet. Trying again in{' '}
              {busyRetry} {busyRetry === 1 ? 'second' : 'seconds'}…
            </p>
          )}
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={placing || !readiness.ready}
          >
            {placing ? 'Placing your order…' : `Place order`}
          </button>
        </form>

        <CheckoutSummary
          cart={current}
          country={form.country}
          shippingMethod={form.shippingMethod}
          coupon={appliedCoupon}
        />
      </div>
    </>
  );
}
