// The cart: lines with quantity and removal, price moves and availability said in words (and
// kept on screen until dismissed), the subtotal, and the way to checkout. A line a price list
// lowers for this shopper (a sale, or their customer group's) shows that price, as checkout will
// charge it.
import { type CartLine, formatMoney } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { useCart } from '../../cart/cart-context';
import { checkoutReadiness, type PriceChanges } from '../../cart/cart-state';
import { type ListUnitPrice, listUnitPrices, subtotalWithListPrices } from '../../cart/list-prices';
import { Price } from '../../components/Price';
import { Empty, ErrorState, Loading, messageOf } from '../../components/states';

/** As the product page shows it: a sale against the struck catalog price, an override alone. */
function UnitPrice({ line, listPrice }: { line: CartLine; listPrice: ListUnitPrice | undefined }) {
  if (!listPrice || !line.unitPrice) return <Price money={line.unitPrice} className="" />;
  return (
    <>
      {listPrice.type === 'sale' ? (
        <>
          <span className="visually-hidden">Was </span>
          <s className="price-was">
            <Price money={line.unitPrice} className="" />
          </s>{' '}
        </>
      ) : null}
      <span className="price-yours">
        Your price{' '}
        <Price money={{ amount: listPrice.amount, currency: line.unitPrice.currency }} className="" />
      </span>
    </>
  );
}

function Line({
  line,
  change,
  listPrice,
}: {
  line: CartLine;
  change: PriceChanges[string] | undefined;
  listPrice: ListUnitPrice | undefined;
}) {
  const cart = useCart();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const most = Math.max(line.quantity, Math.min(10, Math.max(line.available, 1)));
  const quantityId = `quantity-${line.sku}`;

  return (
    <li className="cart-line" data-sku={line.sku}>
      {line.image ? <img src={line.image} alt="" width={72} height={72} /> : <span />}
      <div>
        <p className="cart-line-title">{line.title}</p>
        <p className="muted">
          <UnitPrice line={line} listPrice={listPrice} /> each · <span className="muted">SKU {line.sku}</span>
        </p>
        {change ? (
          <p className="notice notice-warning">
            Price changed from {formatMoney(change.previous)} to {formatMoney(change.current)}.
          </p>
        ) : null}
        {line.availability === 'unavailable' ? (
          <p className="notice notice-error">No longer available.</p>
        ) : null}
        {line.availability === 'not_sold_in_currency' ? (
          <p className="notice notice-error">Not sold in your region.</p>
        ) : null}
        {line.availability === 'insufficient_stock' ? (
          <p className="notice notice-error">Only {line.available} left — lower the quantity.</p>
        ) : null}
        <div className="cart-line-controls">
          <div className="field">
            <label htmlFor={quantityId}>Qty</label>
            <select
              id={quantityId}
              value={line.quantity}
              disabled={busy || line.availability === 'unavailable'}
              onChange={(event) => run(() => cart.setQuantity(line.sku, Number(event.target.value)))}
            >
              {Array.from({ length: most }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="link-button"
            disabled={busy}
            onClick={() => run(() => cart.remove(line.sku))}
            aria-label={`Remove ${line.title}`}
          >
            Remove
          </button>
          <span className="price">
            <span className="visually-hidden">Line total </span>
            <Price
              money={
                listPrice && line.lineTotal
                  ? { amount: listPrice.amount * line.quantity, currency: line.lineTotal.currency }
                  : line.lineTotal
              }
            />
          </span>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </li>
  );
}

export function CartPage() {
  useTitle('Your cart');
  const cart = useCart();
  const api = useApi();
  const navigate = useNavigate();
  const lines = cart.cart?.lines ?? [];
  const currency = cart.cart?.currency;
  const skus = lines.map((line) => line.sku);
  // Who is signed in is part of the key: the prices are that shopper's. Without an answer (or
  // before it) the catalog prices show; checkout's quote charges the list prices either way.
  const prices = useQuery({
    queryKey: ['prices', 'cart', cart.cart?.userId ?? null, currency, skus],
    queryFn: ({ signal }) => api.catalog.prices(skus, currency!, signal),
    enabled: skus.length > 0 && currency !== undefined,
  });
  const listPrices = listUnitPrices(lines, prices.data);

  if (cart.isLoading) return <Loading label="Loading your cart…" />;
  if (cart.error) return <ErrorState error={cart.error} />;
  const subtotal = cart.cart?.subtotal;
  const readiness = checkoutReadiness(cart.cart);

  return (
    <>
      <h1>Your cart</h1>
      {cart.notices.length > 0 ? (
        <div className="notice notice-warning" role="status">
          <strong>Please note:</strong>
          <ul>
            {cart.notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
          <button type="button" className="link-button" onClick={cart.dismissNotices}>
            Got it
          </button>
        </div>
      ) : null}
      {lines.length === 0 ? (
        <Empty title="Your cart is empty">
          <p>Find something you like and add it here.</p>
          <Link to="/" className="button button-primary">
            Start shopping
          </Link>
        </Empty>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" aria-label="Items in your cart">
            {lines.map((line) => (
              <Line
                key={line.sku}
                line={line}
                change={cart.priceChanges[line.sku]}
                listPrice={listPrices.get(line.sku)}
              />
            ))}
          </ul>
          <aside className="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Summary</h2>
            <dl>
              <dt>Items</dt>
              <dd>{cart.itemCount}</dd>
              <dt className="summary-total">Subtotal</dt>
              <dd className="summary-total">
                {subtotal ? (
                  <Price
                    money={{
                      ...subtotal,
                      amount: subtotalWithListPrices(lines, subtotal.amount, listPrices),
                    }}
                    className=""
                  />
                ) : (
                  '—'
                )}
              </dd>
            </dl>
            <p className="muted">Shipping and tax are added at checkout.</p>
            {readiness.ready ? null : <p className="notice notice-error">{readiness.reason}</p>}
            <button
              type="button"
              className="button button-primary button-block"
              disabled={!readiness.ready}
              onClick={() => navigate('/checkout')}
            >
              Check out
            </button>
          </aside>
        </div>
      )}
    </>
  );
}
