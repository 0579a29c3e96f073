// Checkout's summary: the cart's totals as the shop will charge them at the chosen destination,
// shipping method and coupon (GET /cart/{id}/totals): the region's currency, its tax (held in the
// prices where they include VAT, added where they do not), shipping and what promotions take off.
import { ApiError, type Cart, type ShippingMethod } from '@emporium/api-client';
import { Link } from 'react-router';
import { useCartTotals } from '../../checkout/cart-totals';
import { Price } from '../../components/Price';

interface Props {
  cart: Cart;
  country: string;
  shippingMethod: ShippingMethod;
  coupon: string;
}

export function CheckoutSummary({ cart, country, shippingMethod, coupon }: Props) {
  const totals = useCartTotals(cart, country, shippingMethod, coupon);
  const t = totals.data;
  // Each line at what checkout charges for it (a price list may lower the catalog price the cart
  // holds); the cart's own figure until the totals arrive.
  const charged = new Map((t?.lines ?? []).map((line) => [line.sku, line]));
  return (
    <aside className="summary" aria-labelledby="order-summary-heading">
      <h2 id="order-summary-heading">Your order</h2>
      <ul className="summary-lines">
        {cart.lines.map((line) => {
          const quoted = charged.get(line.sku);
          const struck =
            quoted?.priceList?.type === 'sale' && quoted.listPrice.amount > quoted.unitPrice.amount
              ? { amount: quoted.listPrice.amount * quoted.quantity, currency: quoted.listPrice.currency }
              : undefined;
          return (
            <li key={line.sku}>
              <span>
                {line.quantity} × {line.title}
              </span>
              <span>
                {struck ? (
                  <>
                    <span className="visually-hidden">Was </span>
                    <s className="price-was">
                      <Price money={struck} className="" />
                    </s>{' '}
                  </>
                ) : null}
                <Price money={quoted?.lineTotal ?? line.lineTotal} className="" />
              </span>
            </li>
          );
        })}
      </ul>
      {totals.error ? (
        <p className="notice notice-error" role="status">
          {totals.error instanceof ApiError ? totals.error.message : 'The totals could not be worked out.'}
        </p>
      ) : null}
      {t ? (
        <dl data-testid="checkout-totals">
          <dt>Subtotal</dt>
          <dd>
            <Price money={t.subtotal} className="" />
          </dd>
          <dt>Shipping</dt>
          <dd>{t.shipping.amount === 0 ? 'Free' : <Price money={t.shipping} className="" />}</dd>
          {t.discount.amount > 0 ? (
            <>
              <dt>
                Discount{t.promotions.length > 0 ? ` (${t.promotions.map((p) => p.name).join(', ')})` : ''}
              </dt>
              <dd data-testid="checkout-discount">
                −<Price money={t.discount} className="" />
              </dd>
            </>
          ) : null}
          <dt>{t.taxInclusive ? 'Included VAT' : 'Tax'}</dt>
          <dd>
            <Price money={t.tax} className="" />
          </dd>
          <dt className="summary-total">Total</dt>
          <dd className="summary-total" data-testid="checkout-total">
            <Price money={t.total} className="" />
          </dd>
        </dl>
      ) : null}
      <Link to="/cart">Edit cart</Link>
    </aside>
  );
}
