// POST /orders: turns a cart into a pending order with a snapshot of prices, addresses and
// totals, exactly once per Idempotency-Key and at most once per cart (a second request for a cart
// under another key is pointed at the first order), then starts the checkout saga and waits a
// moment for it, so most shoppers get their answer (confirmed, or refused with the reason) at once.
import { createHash, randomUUID } from 'node:crypto';
import type { CheckoutBody, Order } from '@emporium/contracts/order';
import {
  HttpProblem,
  type NewEvent,
  type Outbox,
  type Principal,
  problems,
  type SqlDatabase,
} from '@emporium/platform';
import type { CartService } from '../cart/cart-service.js';
import { displayTitle, regionLines } from '../cart/pricing.js';
import { quoteWithCoupon } from '../cart/quote-with-coupon.js';
import type { PricingClient } from '../clients/pricing-client.js';
import type { ProductClient } from '../clients/product-client.js';
import { orderEvents } from '../events/order-events.js';
import { CHECKOUT_IN_PROGRESS } from '../orders/order-status.js';
import { cartsRepository } from '../repositories/carts.js';
import { type CheckoutRequest, checkoutsRepository as checkouts } from '../repositories/checkouts.js';
import {
  type OrderLineSnapshot,
  ordersRepository as orders,
  type StoredOrder,
  toOrder,
} from '../repositories/orders.js';
import type { SagaFailure } from '../repositories/sagas.js';
import { cartAlreadyCheckedOut, cartChanged } from './checkout-problems.js';
import { placedSaga } from './checkout-saga-store.js';
import { deliveryAddressOf } from './delivery-address.js';
import { destinationOf } from './destination.js';
import type { SagaRunner } from './saga-runner.js';

export interface PlaceOrderDeps {
  db: SqlDatabase;
  outbox: Outbox;
  products: ProductClient;
  pricing: PricingClient;
  carts: CartService;
  runner: SagaRunner;
  leaseMs: number;
  /** How long POST /orders waits for the saga before answering with the current status. */
  inlineWaitMs: number;
}

export function placeOrderUseCase(deps: PlaceOrderDeps) {
  const { db, outbox, products, runner } = deps;

  function replay(request: CheckoutRequest, requestHash: string): string {
    if (request.requestHash !== requestHash) {
      throw problems.unprocessable(
        'This Idempotency-Key was already used for a different checkout. Use a new key for a new order.',
        'idempotency-key-reused',
      );
    }
    return request.orderId;
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
  ): Promise<{ orderId: string; created: boolean; settled?: Order; failure?: SagaFailure }> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([body, principal?.userId ?? null]))
      .digest('hex');
    // One read: an earlier request with this key, the cart with its lines, a new order number.
    const start = await checkouts.start(db, idempotencyKey, body.cartId);
    if (start.request) {
      const replayed = replay(start.request, requestHash);
      await settle(replayed);
      return { orderId: replayed, created: false };
    }

    const cart = deps.carts.forCheckout(start.cart, body.cartId, principal, start.cartClaimedBy);
    const { lines } = start;
    if (lines.length === 0 || !start.orderNumber) {
      throw problems.unprocessable('Your cart is empty.', 'cart-empty');
    }
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
    // The lines are sold in the currency of the region the order ships to; one not sold in it is
    // refused by SKU, never charged in another currency.
    const shippingAddress = deliveryAddressOf(body);
    const destination = destinationOf(shippingAddress);
    const currency = await deps.pricing.currencyFor(destination.country);
    if (!currency) {
      throw problems.unprocessable(`The shop does not sell to ${destination.country}.`, 'country-not-served');
    }
    const priced = regionLines(lines, variants, currency, destination.country);
    const moved = priced.filter(
      ({ line, unitPrice }) => line.currency !== currency || unitPrice !== line.seenUnitPrice,
    );
    if (moved.length > 0) {
      // Tell the shopper before charging a price they have not seen (a moved price, or the cart
      // last shown in another currency); the price shown now counts as seen.
      await cartsRepository.markSeen(
        db,
        cart.id,
        currency,
        moved.map(({ line, unitPrice }) => ({ sku: line.sku, unitPrice })),
      );
      throw new HttpProblem(
        409,
        'prices-changed',
        'Prices changed',
        'Some prices changed since you last saw your cart; please review it and check out again.',
        {
          changes: moved.map(({ line, unitPrice }) => ({
            sku: line.sku,
            previous: { amount: line.seenUnitPrice, currency: line.currency },
            current: { amount: unitPrice, currency },
          })),
        },
      );
    }
    // The totals are the pricing service's: tax by the destination's region and rates, shipping
    // by its option of the chosen method, promotions and the coupon entered. The quote is kept
    // with the order as it was given.
    const quote = await quoteWithCoupon(
      deps.pricing,
      {
        currency,
        destination,
        shippingOption: body.shippingMethod,
        lines: priced.map(({ line, variant, unitPrice }) => ({
          sku: line.sku,
          unitPrice,
          quantity: line.quantity,
          taxClass: variant.taxClass,
          weightGrams: variant.weightGrams,
          productId: variant.productId,
        })),
        ...(body.couponCode && { couponCode: body.couponCode }),
        ...(principal && { customerId: principal.userId }),
      },
      'body.couponCode',
    );
    // Each line keeps the unit price it was quoted: the catalog price, or the lower one of a price
    // list the customer has (ADR 0017). A later change of the list never alters the order.
    const snapshot: OrderLineSnapshot[] = priced.map(({ line, variant }, index) => {
      const quoted = quote.lines[index]!.unitPrice;
      return {
        sku: line.sku,
        productId: variant.productId,
        title: displayTitle(variant),
        quantity: line.quantity,
        unitPrice: { amount: quoted, currency },
        lineTotal: { amount: quoted * line.quantity, currency },
      };
    });
    const totals = {
      subtotal: quote.subtotal,
      shipping: quote.shipping.amount,
      tax: quote.tax,
      total: quote.total,
      discount: quote.discount,
    };

    const newOrder = {
      id: randomUUID(),
      orderNumber: start.orderNumber,
      userId: principal?.userId ?? null,
      cartId: cart.id,
      email: body.email,
      currency,
      lines: snapshot,
      shippingAddress,
      billingAddress: body.billingAddress ?? shippingAddress,
      shippingMethod: body.shippingMethod,
      ...totals,
    };
    const orderId = newOrder.id;
    // The order as placed, known before it is written: order.placed is staged from it, and the
    // saga starts from it without reading it back.
    const order = (at: Date): StoredOrder => ({
      ...newOrder,
      status: 'pending',
      refunded: 0,
      paymentId: null,
      cancellationCode: null,
      cancellationReason: null,
      shippingName: quote.shipping.name,
      carrier: null,
      trackingNumber: null,
      createdAt: at,
      updatedAt: at,
    });
    // The promotions the quote applied are redeemed by the saga's first step (ADR 0013).
    const promotions = quote.promotions.map((p) => ({ promotionId: p.promotionId, amount: p.amount }));
    const context = { paymentToken: body.paymentToken, ...(promotions.length > 0 && { promotions }) };
    const reason = 'Order placed';
    const actor = principal ? `customer:${principal.userId}` : 'guest';
    const events: NewEvent[] = [];
    orderEvents.placed((event) => events.push(event), order(new Date()));
    const placement = await checkouts.place(db, {
      cartRevision: cart.revision,
      idempotencyKey,
      requestHash,
      order: newOrder,
      quote,
      reason,
      actor,
      saga: { context, owner: runner.owner, leaseMs: deps.leaseMs },
      events: outbox.stage(events),
    });
    if (!placement.placed) {
      // A concurrent request with the same key placed it first: that order is this one's answer.
      const earlier = await checkouts.request(db, idempotencyKey);
      if (earlier) {
        const winner = replay(earlier, requestHash);
        await settle(winner);
        return { orderId: winner, created: false };
      }
      // Another key's checkout of this cart won, or the cart changed since it was read. A claim
      // already given back (that checkout failed meanwhile) leaves the shopper to send it again.
      const claimedBy = await cartsRepository.checkoutOf(db, cart.id);
      throw claimedBy ? cartAlreadyCheckedOut(claimedBy) : cartChanged();
    }
    outbox.kick();
    const placed = placedSaga(order(placement.at), context, [
      { from: null, to: 'pending', reason, actor, at: placement.at },
    ]);
    const settled = runner.settled(orderId, deps.inlineWaitMs);
    void runner.drive(orderId, placed);
    // Settled here: the saga knows the order as written, so the answer needs no read.
    const outcome = await settled;
    return {
      orderId,
      created: true,
      ...(outcome?.subject.timeline && { settled: toOrder(outcome.subject.order, outcome.subject.timeline) }),
      // The checkout's steps refuse with its failures (checkout-saga.ts).
      ...(outcome?.state.failure && { failure: outcome.state.failure as SagaFailure }),
    };
  };
}
