// POST /orders: turns a cart into a pending order with a snapshot of prices, addresses and
// totals, exactly once per Idempotency-Key, then starts the checkout saga and waits a moment for
// it, so most shoppers get their answer (confirmed, or cancelled with the reason) at once.
import { createHash, randomUUID } from 'node:crypto';
import type { CheckoutBody } from '@emporium/contracts/order';
import { HttpProblem, type Outbox, type Principal, problems, type SqlDatabase } from '@emporium/platform';
import type { CartService } from '../cart/cart-service.js';
import { displayTitle } from '../cart/pricing.js';
import type { ProductClient } from '../clients/product-client.js';
import { orderEvents } from '../events/order-events.js';
import { CHECKOUT_IN_PROGRESS } from '../orders/order-status.js';
import { cartsRepository } from '../repositories/carts.js';
import { type OrderLineSnapshot, ordersRepository as orders } from '../repositories/orders.js';
import { sagasRepository as sagas } from '../repositories/sagas.js';
import type { Driven, SagaRunner } from './saga-runner.js';
import { computeTotals } from './totals.js';

export interface PlaceOrderDeps {
  db: SqlDatabase;
  outbox: Outbox;
  products: ProductClient;
  carts: CartService;
  runner: SagaRunner;
  leaseMs: number;
  /** How long POST /orders waits for the saga before answering with the current status. */
  inlineWaitMs: number;
}

class AlreadyPlaced extends Error {}

export function placeOrderUseCase(deps: PlaceOrderDeps) {
  const { db, outbox, products, runner } = deps;

  async function existing(idempotencyKey: string, requestHash: string): Promise<string | undefined> {
    const { rows } = await db.query<{ request_hash: string; order_id: string }>(
      'select request_hash, order_id from checkout_requests where idempotency_key = $1',
      [idempotencyKey],
      { prepare: true },
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.request_hash !== requestHash) {
      throw problems.unprocessable(
        'This Idempotency-Key was already used for a different checkout. Use a new key for a new order.',
        'idempotency-key-reused',
      );
    }
    return row.order_id;
  }

  /** Waits (up to the inline wait) for an order still in checkout to be confirmed or cancelled. */
  async function settle(orderId: string): Promise<void> {
    const settled = runner.settled(orderId, deps.inlineWaitMs);
    const order = await orders.find(db, orderId);
    if (order && CHECKOUT_IN_PROGRESS.includes(order.status)) await settled;
  }

  return async function placeOrder(
    body: CheckoutBody,
    idempotencyKey: string,
    principal?: Principal,
  ): Promise<{ orderId: string; created: boolean }> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([body, principal?.userId ?? null]))
      .digest('hex');
    const replayed = await existing(idempotencyKey, requestHash);
    if (replayed) {
      await settle(replayed);
      return { orderId: replayed, created: false };
    }

    const { cart, lines } = await deps.carts.forCheckout(db, body.cartId, principal);
    if (lines.length === 0) throw problems.unprocessable('Your cart is empty.', 'cart-empty');
    const variants = await products.variants(lines.map((l) => l.sku));
    const gone = lines.filter((l) => variants.get(l.sku)?.status !== 'active');
    if (gone.length > 0) {
      throw new HttpProblem(
        409,
        'cart-has-unavailable-items',
        'Items no longer sold',
        `Remove ${gone.map((l) => l.sku).join(', ')} from your cart to check out.`,
        {
          skus: gone.map((l) => l.sku),
        },
      );
    }
    const moved = lines.filter((l) => variants.get(l.sku)!.price.amount !== l.seen_unit_price);
    if (moved.length > 0) {
      // Tell the shopper before charging a price they have not seen; the new price counts as seen.
      await cartsRepository.markSeen(
        db,
        cart.id,
        moved.map((l) => ({ sku: l.sku, unitPrice: variants.get(l.sku)!.price.amount })),
      );
      throw new HttpProblem(
        409,
        'prices-changed',
        'Prices changed',
        'Some prices changed since you last saw your cart; please review it and check out again.',
        {
          changes: moved.map((l) => ({
            sku: l.sku,
            previous: { amount: l.seen_unit_price, currency: l.currency },
            current: variants.get(l.sku)!.price,
          })),
        },
      );
    }
    const currency = variants.get(lines[0]!.sku)!.price.currency;
    const snapshot: OrderLineSnapshot[] = lines.map((l) => {
      const v = variants.get(l.sku)!;
      return {
        sku: l.sku,
        productId: v.productId,
        title: displayTitle(v),
        quantity: l.quantity,
        unitPrice: v.price,
        lineTotal: { amount: v.price.amount * l.quantity, currency: v.price.currency },
      };
    });
    const totals = computeTotals(
      snapshot.map((l) => ({ unitPrice: l.unitPrice.amount, quantity: l.quantity })),
      body.shippingMethod,
      body.shippingAddress.country,
    );

    const orderId = randomUUID();
    let fresh: Driven;
    try {
      fresh = await outbox.transaction(async (tx, emit) => {
        // First: a concurrent duplicate waits here for ours to commit, then finds the key taken.
        const claimed = await tx.query(
          `insert into checkout_requests (idempotency_key, request_hash, order_id) values ($1, $2, $3)
           on conflict do nothing`,
          [idempotencyKey, requestHash, orderId],
          { prepare: true },
        );
        if (claimed.rowCount === 0) throw new AlreadyPlaced();
        const order = await orders.insert(
          tx,
          {
            id: orderId,
            user_id: principal?.userId ?? null,
            cart_id: cart.id,
            email: body.email,
            currency,
            lines: snapshot,
            shipping_address: body.shippingAddress,
            billing_address: body.billingAddress ?? body.shippingAddress,
            shipping_method: body.shippingMethod,
            ...totals,
          },
          'Order placed',
          principal ? `customer:${principal.userId}` : 'guest',
        );
        const saga = await sagas.create(
          tx,
          orderId,
          { paymentToken: body.paymentToken },
          runner.owner,
          deps.leaseMs,
        );
        orderEvents.placed(emit, order);
        return { saga, order };
      });
    } catch (error) {
      if (!(error instanceof AlreadyPlaced)) throw error;
      const winner = await existing(idempotencyKey, requestHash);
      await settle(winner!);
      return { orderId: winner!, created: false };
    }
    const settled = runner.settled(orderId, deps.inlineWaitMs);
    void runner.drive(orderId, fresh);
    await settled;
    return { orderId, created: true };
  };
}
