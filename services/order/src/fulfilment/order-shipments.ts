// Fulfilment of an order in shipments. A shipment is created under the order's row lock, after
// reading what its earlier shipments took, so two shipments racing for the last unit are decided
// one after the other: one is created, the other refused with a 409 naming the line. The same
// Idempotency-Key replays its shipment. A shipment that completes the order moves it to shipped;
// the order becomes delivered when every shipment has arrived. Each step writes a timeline line
// and an event (order.shipment_created, order.shipment_delivered) in the same transaction.
import { createHash, randomUUID } from 'node:crypto';
import type { CreateShipmentBody } from '@emporium/contracts/order';
import {
  type Emit,
  HttpProblem,
  type Outbox,
  problems,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import { orderEvents } from '../events/order-events.js';
import { assertLinesOfOrder, describeLines } from '../orders/line-input.js';
import { moveOrder } from '../orders/move-order.js';
import { assertNotCancelling, lockedOrder } from '../orders/order-refunds.js';
import { assertTransition, CHECKOUT_IN_PROGRESS } from '../orders/order-status.js';
import {
  ordersRepository as orders,
  type StoredOrder,
  type TransitionPatch,
} from '../repositories/orders.js';
import { type StoredShipment, shipmentsRepository as shipments } from '../repositories/shipments.js';
import { trackingUrl } from './carriers.js';
import { fulfillmentStatus, unshippedBySku } from './fulfilment-status.js';

export interface ShipmentRequest extends CreateShipmentBody {
  /** The admin's Idempotency-Key: a repeat of the request replays its shipment. */
  idempotencyKey?: string;
}

interface ParcelDetails {
  carrier?: string;
  trackingNumber?: string;
  locationId?: string;
  idempotencyKey?: string;
  requestHash?: string;
}

const requestHash = (request: ShipmentRequest) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        [...request.lines].sort((a, b) => a.sku.localeCompare(b.sku)),
        request.carrier,
        request.trackingNumber ?? null,
        request.locationId ?? null,
      ]),
    )
    .digest('hex');

function assertShippable(order: StoredOrder): void {
  if (CHECKOUT_IN_PROGRESS.includes(order.status)) {
    throw problems.conflict(
      'The checkout of this order is still running; try again in a moment.',
      'checkout-in-progress',
    );
  }
  if (order.status !== 'confirmed') {
    throw problems.conflict(
      order.status === 'shipped' || order.status === 'delivered'
        ? 'Every item of this order has shipped already.'
        : `An order that is ${order.status} cannot be shipped.`,
      'invalid-order-transition',
    );
  }
}

export function orderShipments({ db, outbox }: { db: SqlDatabase; outbox: Outbox }) {
  /** Writes a shipment of `lines` (already checked against what is unshipped) and what it changes. */
  async function writeShipment(
    tx: SqlExecutor,
    emit: Emit,
    order: StoredOrder,
    earlier: StoredShipment[],
    lines: { sku: string; quantity: number }[],
    parcel: ParcelDetails,
    actor: string,
    patch: TransitionPatch = {},
  ): Promise<StoredShipment> {
    const id = randomUUID();
    const shipment: StoredShipment = {
      id,
      orderId: order.id,
      number: earlier.length + 1,
      carrier: parcel.carrier ?? null,
      trackingNumber: parcel.trackingNumber ?? null,
      trackingUrl: trackingUrl(parcel.carrier, parcel.trackingNumber) ?? null,
      locationId: parcel.locationId ?? null,
      status: 'shipped',
      requestKey: parcel.idempotencyKey ?? null,
      requestHash: parcel.requestHash ?? null,
      createdAt: new Date(),
      deliveredAt: null,
      lines: [...lines].sort((a, b) => a.sku.localeCompare(b.sku)),
      exchangeId: null,
    };
    await shipments.insert(tx, { ...shipment, actor });
    const tracking = shipment.trackingNumber ? ` (tracking ${shipment.trackingNumber})` : '';
    const by = shipment.carrier ? ` to ${shipment.carrier}${tracking}` : '';
    await orders.logEvent(
      tx,
      order.id,
      order.status,
      'shipment_created',
      `Shipment ${shipment.number} handed${by}: ${describeLines(order, lines)}`,
      actor,
    );
    const status = fulfillmentStatus(order.lines, [...earlier, shipment]);
    const reached = status === 'fulfilled' ? 'fulfilled' : 'partially_fulfilled';
    orderEvents.shipmentCreated(emit, order, shipment, reached);
    if (reached === 'fulfilled') {
      await moveOrder(tx, emit, order, 'shipped', 'Every item has shipped', actor, patch);
    }
    return shipment;
  }

  /** Marks one shipment delivered (once), and the order delivered when it was the last one out. */
  async function writeDelivery(
    tx: SqlExecutor,
    emit: Emit,
    order: StoredOrder,
    all: StoredShipment[],
    shipment: StoredShipment,
    actor: string,
  ): Promise<StoredOrder> {
    if (!(await shipments.markDelivered(tx, shipment.id))) return order;
    await orders.logEvent(
      tx,
      order.id,
      order.status,
      'shipment_delivered',
      `Shipment ${shipment.number} delivered: ${describeLines(order, shipment.lines)}`,
      actor,
    );
    const allDelivered = all.every((s) => s.id === shipment.id || s.status === 'delivered');
    orderEvents.shipmentDelivered(emit, order, shipment, allDelivered);
    if (allDelivered && order.status === 'shipped') {
      return moveOrder(tx, emit, order, 'delivered', 'Every shipment was delivered', actor);
    }
    return order;
  }

  /** Marks a shipment delivered; repeating it changes nothing. */
  async function deliver(orderId: string, shipmentId: string, actor: string): Promise<void> {
    await outbox.transaction(async (tx, emit) => {
      const order = await lockedOrder(tx, orderId);
      const all = await shipments.forOrder(tx, orderId);
      const shipment = all.find((s) => s.id === shipmentId);
      if (!shipment) throw problems.notFound(`Shipment ${shipmentId} of order ${orderId}`);
      await writeDelivery(tx, emit, order, all, shipment, actor);
    });
  }

  return {
    /** Creates a shipment of some lines; `created` false when the Idempotency-Key replayed an earlier one. */
    async create(orderId: string, actor: string, request: ShipmentRequest) {
      return outbox.transaction(async (tx, emit) => {
        const order = await lockedOrder(tx, orderId);
        const hash = requestHash(request);
        if (request.idempotencyKey) {
          const earlier = await shipments.byRequest(tx, orderId, request.idempotencyKey);
          if (earlier && earlier.requestHash !== hash) {
            throw new HttpProblem(
              422,
              'idempotency-key-reused',
              'Idempotency key reused',
              'This Idempotency-Key was already used for a different shipment of this order.',
            );
          }
          if (earlier) return { shipment: earlier, created: false };
        }
        assertLinesOfOrder(order, request.lines);
        assertShippable(order);
        await assertNotCancelling(tx, orderId);
        const earlier = await shipments.forOrder(tx, orderId);
        const left = unshippedBySku(order.lines, earlier);
        const over = request.lines
          .filter((line) => line.quantity > (left.get(line.sku) ?? 0))
          .map((line) => ({ sku: line.sku, requested: line.quantity, unshipped: left.get(line.sku) ?? 0 }));
        if (over.length > 0) {
          throw new HttpProblem(
            409,
            'quantity-exceeds-unshipped',
            'More than is left to ship',
            over.map((o) => `${o.sku}: ${o.requested} requested, ${o.unshipped} left to ship`).join('; '),
            { lines: over },
          );
        }
        const parcel = { ...request, requestHash: hash };
        const shipment = await writeShipment(tx, emit, order, earlier, request.lines, parcel, actor);
        return { shipment, created: true };
      });
    },

    /** Ships everything not shipped yet in one shipment (the whole order when nothing has shipped). */
    async shipRest(orderId: string, actor: string, parcel: { carrier?: string; trackingNumber?: string }) {
      await outbox.transaction(async (tx, emit) => {
        const order = await lockedOrder(tx, orderId);
        await assertNotCancelling(tx, orderId);
        assertTransition(order.status, 'shipped');
        const earlier = await shipments.forOrder(tx, orderId);
        const rest = [...unshippedBySku(order.lines, earlier)]
          .filter(([, quantity]) => quantity > 0)
          .map(([sku, quantity]) => ({ sku, quantity }));
        await writeShipment(tx, emit, order, earlier, rest, parcel, actor, {
          ...(parcel.carrier ? { carrier: parcel.carrier } : {}),
          ...(parcel.trackingNumber ? { trackingNumber: parcel.trackingNumber } : {}),
        });
      });
    },

    deliver,

    /** Marks every shipment of a shipped order delivered, and the order with them. */
    async deliverAll(orderId: string, actor: string) {
      await outbox.transaction(async (tx, emit) => {
        let order = await lockedOrder(tx, orderId);
        await assertNotCancelling(tx, orderId);
        assertTransition(order.status, 'delivered');
        const all = await shipments.forOrder(tx, orderId);
        for (const shipment of all.filter((s) => s.status === 'shipped')) {
          order = await writeDelivery(tx, emit, order, all, shipment, actor);
          shipment.status = 'delivered';
        }
        if (order.status === 'shipped') {
          await moveOrder(tx, emit, order, 'delivered', 'Every shipment was delivered', actor);
        }
      });
    },

    /** A carrier's delivery report: every shipment with that carrier and tracking number; how many there were. */
    async deliverByTracking(carrierKey: string, trackingNumber: string, actor: string): Promise<number> {
      const found = await shipments.byTracking(db, carrierKey, trackingNumber);
      for (const shipment of found) await deliver(shipment.orderId, shipment.id, actor);
      return found.length;
    },
  };
}
