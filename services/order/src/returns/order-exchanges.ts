// Exchanges: the shopper sends delivered units back for another variant of the same product. An
// exchange is a return (kind 'exchange') that moves through the same steps under the order's
// row lock (return-steps.ts) and ends 'exchanged' instead of refunded:
//   request  — the difference (replacement's price now less the price paid, with the added tax
//              share) is fixed; a dearer replacement's difference is authorized on the shopper's
//              card then (declined: 402, nothing stored), so the shop never ships on credit;
//   approve  — the replacement is reserved (reservation id: the exchange's), sold out → 409;
//   reject   — the reservation is released and the authorization voided;
//   receive  — after the returned units are recorded and restocked (order-returns.ts): the
//              reservation is committed (a fresh one when it expired meanwhile), the difference
//              captured or refunded through the order's refunds, and the replacement ships as a
//              shipment of the order naming the exchange, which then becomes 'exchanged'.
// Every call to another service is keyed by the exchange, so a repeated receipt resumes where
// the last one stopped and nothing is reserved, charged or refunded twice.
import { createHash, randomUUID } from 'node:crypto';
import type { RequestExchangeBody } from '@emporium/contracts/order';
import { HttpProblem, type Outbox, type Principal, problems, type SqlDatabase } from '@emporium/platform';
import { TransientCallError, UnexpectedAnswerError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import type { ProductClient } from '../clients/product-client.js';
import { orderEvents } from '../events/order-events.js';
import { trackingUrl } from '../fulfilment/carriers.js';
import { fulfillmentStatus } from '../fulfilment/fulfilment-status.js';
import { lockedOrder, type orderRefunds } from '../orders/order-refunds.js';
import { ordersRepository as orders, type StoredOrder } from '../repositories/orders.js';
import { returnsRepository as returns, type StoredReturn } from '../repositories/returns.js';
import { type StoredShipment, shipmentsRepository as shipments } from '../repositories/shipments.js';
import { assertReturnable, requestedReturn, returnSteps, wrongState } from './return-steps.js';
import { withAddedTax } from './returnable.js';

/** The longest hold the product service grants; a replacement waiting longer is reserved again. */
const REPLACEMENT_HOLD_SECONDS = 86_400;
/** Calls of one payment step before the request answers 503 (waits of 0.1 s, 0.2 s, …). */
const PAYMENT_ATTEMPTS = 6;
/** Looks at a refund another receipt is making before this one answers 409 (waits of 0.1 s, 0.2 s, …). */
const REFUND_LOOKS = 8;

export interface ExchangesDeps {
  db: SqlDatabase;
  outbox: Outbox;
  products: Pick<ProductClient, 'variants' | 'reserve' | 'commit' | 'release'>;
  payments: Pick<PaymentClient, 'authorize' | 'capture' | 'void' | 'refund'>;
  refunds: ReturnType<typeof orderRefunds>;
  windowDays: number;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const stockAway = (what: string) =>
  problems.unavailable(`The stock system did not answer ${what}; repeat the request.`, 'stock-unavailable');
const paymentAway = (what: string) =>
  problems.unavailable(
    `The payment service did not answer ${what}; repeat the request.`,
    'payment-unavailable',
  );
const isAway = (error: unknown) =>
  error instanceof TransientCallError || error instanceof UnexpectedAnswerError;

const soldOut = (sku: string, available: number) =>
  new HttpProblem(
    409,
    'replacement-out-of-stock',
    'Replacement out of stock',
    `${sku} cannot be reserved as the replacement: ${available} available.`,
    { sku, available },
  );

export function orderExchanges({ db, outbox, products, payments, refunds, windowDays }: ExchangesDeps) {
  const { move, withReturn, read } = returnSteps({ db, outbox });

  /** Holds the replacement under `reservationId`; 409 when it is sold out. */
  async function hold(order: StoredOrder, ret: StoredReturn, reservationId: string): Promise<void> {
    const line = { sku: ret.replacementSku!, quantity: ret.lines[0]!.quantity };
    let outcome: Awaited<ReturnType<typeof products.reserve>>;
    try {
      outcome = await products.reserve(
        reservationId,
        [line],
        REPLACEMENT_HOLD_SECONDS,
        order.shippingAddress.country,
      );
    } catch (error) {
      if (!isAway(error)) throw error;
      // A reservation the product service no longer holds: the exchange was rejected meanwhile.
      const now = await read(order.id, ret.id);
      if (now.status === 'rejected') throw wrongState(now, 'approved');
      throw stockAway('reserving the replacement');
    }
    if (!outcome.reserved) throw soldOut(line.sku, outcome.unavailable[0]?.available ?? 0);
  }

  /** Turns the replacement's hold into a sale; reserves it afresh when the hold ran out meanwhile. */
  async function sellReplacement(order: StoredOrder, ret: StoredReturn): Promise<void> {
    const held = ret.replacementReservationId!;
    try {
      if (await products.commit(held)) return;
      const fresh = randomUUID();
      // Racing receipts agree on one fresh reservation: the first to record it wins.
      const reservationId = (await returns.setReplacementReservation(db, ret.id, held, fresh))
        ? fresh
        : (await read(order.id, ret.id)).replacementReservationId!;
      await hold(order, ret, reservationId);
      if (!(await products.commit(reservationId))) throw stockAway('selling the replacement');
    } catch (error) {
      if (!isAway(error)) throw error;
      throw stockAway('selling the replacement');
    }
  }

  /**
   * A payment call keyed by the exchange. The same request sent twice at once carries one key, so
   * the payment service answers the later call "in progress" until the first is decided: a few
   * short waits let it see the first one's answer instead of failing.
   */
  async function onceDecided<T>(call: () => Promise<T>, what: string): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof TransientCallError) || attempt === PAYMENT_ATTEMPTS) {
          if (isAway(error)) throw paymentAway(what);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  /** Captures a dearer replacement's difference, once. */
  async function captureDifference(ret: StoredReturn): Promise<void> {
    if ((ret.difference ?? 0) <= 0 || ret.chargeCaptured) return;
    const outcome = await onceDecided(
      () => payments.capture(ret.chargePaymentId!, `order:${ret.orderId}:exchange:${ret.id}:capture`),
      'capturing the difference',
    );
    if (outcome === 'refused') {
      throw problems.conflict(
        `The payment service refused to capture the difference of exchange ${ret.number}.`,
        'payment-refused',
      );
    }
    await returns.markChargeCaptured(db, ret.id);
  }

  /**
   * Refunds a cheaper replacement's difference, once, through the order's refunds. A receipt sent
   * twice at once makes one refund: the later one is told "in progress" while the payment service
   * decides the first, so it looks again for a while and then finds the refund made.
   */
  async function refundDifference(order: StoredOrder, ret: StoredReturn, admin: Principal): Promise<void> {
    for (let look = 1; ; look += 1) {
      try {
        return await refunds.refund(order.id, admin, {
          amount: { amount: ret.refundAmount!, currency: order.currency },
          reason: `Exchange ${ret.number}: the replacement costs less`,
          idempotencyKey: `exchange:${ret.id}`,
        });
      } catch (error) {
        const inProgress = error instanceof HttpProblem && error.slug === 'refund-in-progress';
        if (!inProgress || look === REFUND_LOOKS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * look));
      }
    }
  }

  return {
    /** The shopper's request; `created` false when the Idempotency-Key replayed an earlier one. */
    async request(
      orderId: string,
      actor: string,
      body: RequestExchangeBody & { idempotencyKey: string },
    ): Promise<{ returnId: string; created: boolean }> {
      const hash = hashOf([body.sku, body.quantity, body.replacementSku, body.reason]);
      const replay = (all: StoredReturn[]) => {
        const earlier = all.find((r) => r.requestKey === body.idempotencyKey);
        if (earlier && earlier.requestHash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'Idempotency key reused',
            'This Idempotency-Key was already used for a different return or exchange of this order.',
          );
        }
        return earlier;
      };
      const order = await orders.find(db, orderId);
      if (!order) throw problems.notFound(`Order ${orderId}`);
      const earlier = replay(await returns.forOrder(db, orderId));
      if (earlier) return { returnId: earlier.id, created: false };

      const line = order.lines.find((l) => l.sku === body.sku);
      if (!line)
        throw problems.validation([
          { field: 'body.sku', message: `${body.sku} is not a line of this order` },
        ]);
      const replacement = (await products.variants([body.replacementSku])).get(body.replacementSku);
      const replacementPrice = replacement?.prices.find((price) => price.currency === order.currency);
      const wrong =
        body.replacementSku === body.sku
          ? 'must be another variant than the one returned'
          : replacement?.status !== 'active'
            ? `${body.replacementSku} is not on sale`
            : replacement.productId !== line.productId
              ? `${body.replacementSku} is not a variant of ${line.title}`
              : !replacementPrice
                ? `${body.replacementSku} is not sold in ${order.currency}`
                : undefined;
      if (wrong) throw problems.validation([{ field: 'body.replacementSku', message: wrong }]);
      const difference = withAddedTax(
        order,
        (replacementPrice!.amount - line.unitPrice.amount) * body.quantity,
      );
      if (difference > 0 && !body.paymentToken) {
        throw problems.validation([
          {
            field: 'body.paymentToken',
            message: 'is required: the replacement costs more than the returned units',
          },
        ]);
      }

      // The difference is authorized before the exchange is stored, under a key derived from the
      // request's, so a repeated request finds the same authorization.
      const exchangeId = randomUUID();
      let chargePaymentId: string | null = null;
      if (difference > 0) {
        const outcome = await onceDecided(
          () =>
            payments.authorize(`order:${orderId}:exchange:${hashOf(body.idempotencyKey)}:authorize`, {
              orderId,
              ...(order.userId ? { customerId: order.userId } : {}),
              amount: { amount: difference, currency: order.currency },
              paymentToken: body.paymentToken!,
            }),
          'authorizing the difference',
        );
        if (!outcome.authorized) {
          throw new HttpProblem(402, 'payment-declined', 'Payment declined', outcome.declineMessage, {
            code: outcome.code,
          });
        }
        chargePaymentId = outcome.paymentId;
      }

      try {
        return await outbox.transaction(async (tx, emit) => {
          const locked = await lockedOrder(tx, orderId);
          const all = await returns.forOrder(tx, orderId);
          const again = replay(all);
          if (again) return { returnId: again.id, created: false };
          await assertReturnable(tx, locked, all, [{ sku: body.sku, quantity: body.quantity }], windowDays);
          const ret = requestedReturn({
            id: exchangeId,
            orderId,
            number: all.length + 1,
            reason: body.reason,
            requestKey: body.idempotencyKey,
            requestHash: hash,
            lines: [{ sku: body.sku, quantity: body.quantity }],
            exchange: {
              replacementSku: body.replacementSku,
              replacementTitle: `${replacement!.title} – ${replacement!.variantTitle}`,
              difference,
              chargePaymentId,
              replacementReservationId: exchangeId,
            },
          });
          await returns.insert(tx, { ...ret, requestedBy: actor });
          const settle =
            difference > 0 ? `, ${difference} to pay` : difference < 0 ? `, ${-difference} to refund` : '';
          await orders.logEvent(
            tx,
            orderId,
            locked.status,
            'exchange_requested',
            `Exchange ${ret.number} requested: ${body.quantity} × ${line.title} for ${ret.replacementTitle}${settle} (${body.reason})`,
            actor,
          );
          orderEvents.returnUpdated(emit, locked, ret);
          return { returnId: ret.id, created: true };
        });
      } catch (error) {
        // Refused (or failed) after the difference was authorized: the hold on the card goes back.
        if (chargePaymentId) {
          await payments
            .void(chargePaymentId, `order:${orderId}:exchange:${hashOf(body.idempotencyKey)}:void`)
            .catch(() => undefined);
        }
        throw error;
      }
    },

    /**
     * Gives a returned replacement's share of each dearer difference back through the payment
     * that captured it, once however often it is repeated: the key names the return and the
     * exchange, and a repeat sent at once waits for the first one's answer.
     */
    async refundCharges(currency: string, ret: StoredReturn): Promise<void> {
      for (const charge of ret.chargeRefunds) {
        const outcome = await onceDecided(
          () =>
            payments.refund(
              charge.paymentId,
              `order:${ret.orderId}:return:${ret.id}:refund:${charge.exchangeId}`,
              {
                amount: { amount: charge.amount, currency },
                reason: `Return ${ret.number}: the replacement's difference`,
              },
            ),
          'refunding the difference',
        );
        if ('refused' in outcome) {
          throw problems.conflict(
            `The payment service refused to refund the difference of return ${ret.number}: ${outcome.refused.detail}`,
            'payment-refused',
          );
        }
      }
    },

    /** Holds the replacement before the approval is recorded (the same reservation id every time). */
    async reserveReplacement(orderId: string, ret: StoredReturn): Promise<void> {
      const order = await orders.find(db, orderId);
      await hold(order!, ret, ret.replacementReservationId!);
    },

    /** A rejected exchange: the replacement's hold and the authorized difference go back. */
    async giveBack(orderId: string, ret: StoredReturn): Promise<void> {
      // Best effort: an unreleased hold expires in the product service, an authorization at the provider.
      await products.release(ret.replacementReservationId!).catch(() => undefined);
      if (ret.chargePaymentId) {
        await payments
          .void(ret.chargePaymentId, `order:${orderId}:exchange:${ret.id}:void`)
          .catch(() => undefined);
      }
    },

    /**
     * After the returned units are received: sells the replacement, settles the difference and
     * ships the replacement; each step is skipped when done, so a repeat resumes.
     */
    async complete(
      orderId: string,
      returnId: string,
      admin: Principal,
      parcel?: { carrier: string; trackingNumber?: string },
    ): Promise<void> {
      const actor = `admin:${admin.userId}`;
      const ret = await read(orderId, returnId);
      if (ret.status === 'exchanged') return;
      if (ret.status !== 'received') throw wrongState(ret, 'exchanged');
      const order = (await orders.find(db, orderId))!;
      if (!ret.replacementShipmentId) await sellReplacement(order, ret);
      await captureDifference(ret);
      if ((ret.refundAmount ?? 0) > 0) await refundDifference(order, ret, admin);
      await withReturn(orderId, returnId, async (tx, emit, locked, current) => {
        if (current.status === 'exchanged') return;
        if (current.status !== 'received') throw wrongState(current, 'exchanged');
        const earlier = await shipments.forOrder(tx, orderId);
        const quantity = current.lines[0]!.quantity;
        const shipment: StoredShipment = {
          id: randomUUID(),
          orderId,
          number: earlier.length + 1,
          carrier: parcel?.carrier ?? null,
          trackingNumber: parcel?.trackingNumber ?? null,
          trackingUrl: trackingUrl(parcel?.carrier, parcel?.trackingNumber) ?? null,
          locationId: null,
          status: 'shipped',
          requestKey: null,
          requestHash: null,
          createdAt: new Date(),
          deliveredAt: null,
          lines: [{ sku: current.replacementSku!, quantity }],
          exchangeId: current.id,
        };
        await shipments.insert(tx, { ...shipment, actor });
        await orders.logEvent(
          tx,
          orderId,
          locked.status,
          'shipment_created',
          `Shipment ${shipment.number} handed${shipment.carrier ? ` to ${shipment.carrier}` : ''}: ${quantity} × ${current.replacementTitle}, replacing exchange ${current.number}`,
          actor,
        );
        const reached = fulfillmentStatus(locked.lines, [...earlier, shipment]);
        orderEvents.shipmentCreated(
          emit,
          locked,
          shipment,
          reached === 'unfulfilled' ? 'partially_fulfilled' : reached,
        );
        const difference = current.difference ?? 0;
        const settled =
          difference > 0 ? `; ${difference} charged` : difference < 0 ? `; ${-difference} refunded` : '';
        await move(
          tx,
          emit,
          locked,
          current,
          'exchanged',
          `Exchange ${current.number} completed: ${current.replacementTitle} shipped${settled}`,
          actor,
        );
      });
    },
  };
}
