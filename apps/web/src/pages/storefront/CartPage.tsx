// The cart: lines with quantity and removal, price moves and availability said in words (and
// kept on screen until dismissed), the subtotal, and the way to checkout.
import { type CartLine, formatMoney } from '@emporium/api-client';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTitle } from '../../app/use-title';
import { useCart } from '../../cart/cart-context';
import { checkoutReadiness, type PriceChanges } from '../../cart/cart-state';
import { Price } from '../../components/Price';
import { Empty, ErrorState, Loading, messageOf } from '../../components/states';

function Line({ line, change }: { line: CartLine; change: PriceChanges[string] | undefined }) {
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
          <Price money={line.unitPrice} className="" /> each · <span className="muted">SKU {line.sku}</span>
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
            <Price money={line.lineTotal} />
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
  const navigate = useNavigate();

  if (cart.isLoading) return <Loading label="Loading your cart…" />;
  if (cart.error) return <ErrorState error={cart.error} />;
  const lines = cart.cart?.lines ?? [];
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
              <Line key={line.sku} line={line} change={cart.priceChanges[line.sku]} />
            ))}
          </ul>
          <aside className="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Summary</h2>
            <dl>
              <dt>Items</dt>
              <dd>{cart.itemCount}</dd>
              <dt className="summary-total">Subtotal</dt>
              <dd className="summary-total">
                {cart.cart?.subtotal ? <Price money={cart.cart.subtotal} className="" /> : '—'}
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
