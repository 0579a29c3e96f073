// What each consumed event means for whom: the notices it produces (rendered message, feed
// owner, addresses) and the recipient facts it teaches us. Pure decisions plus lookups; the
// consumer stores the results.
import type { EventData, EventType } from '@emporium/contracts';
import type { NotificationKind } from '@emporium/contracts/notification';
import type { SqlExecutor } from '@emporium/platform';
import { findOrderRecipient, rememberOrder, rememberUser } from '../repositories/recipients.js';
import { emailVerification } from '../templates/email-verification.js';
import { emailVerified } from '../templates/email-verified.js';
import { lowStock } from '../templates/low-stock.js';
import type { RenderedNotice, TemplateContext } from '../templates/message.js';
import { orderCancelled } from '../templates/order-cancelled.js';
import { orderConfirmed } from '../templates/order-confirmed.js';
import { orderShipped } from '../templates/order-shipped.js';
import { passwordChanged } from '../templates/password-changed.js';
import { passwordReset } from '../templates/password-reset.js';
import { paymentFailed } from '../templates/payment-failed.js';
import { refundIssued } from '../templates/refund-issued.js';
import { returnUpdated } from '../templates/return-updated.js';
import { reviewSubmitted } from '../templates/review-submitted.js';
import { shipmentCreated } from '../templates/shipment-created.js';
import { shipmentDelivered } from '../templates/shipment-delivered.js';

export interface Notice {
  kind: NotificationKind;
  /** Owner of the feed entry and of the e-mail preferences; null for guests and admins. */
  userId: string | null;
  to: string[];
  rendered: RenderedNotice;
}

export interface NoticeContext {
  templates: TemplateContext;
  adminEmails: string[];
  /** Admins whose feed gets shop alerts (low stock); the e-mails go to adminEmails. */
  adminUserIds: string[];
}

/** Thrown when an event names an order we have not heard of yet: the bus retries it later. */
export class RecipientUnknownError extends Error {
  constructor(orderId: string) {
    super(`no recipient known for order ${orderId} yet`);
    this.name = 'RecipientUnknownError';
  }
}

type NoticeMaker<T extends EventType> = (
  data: EventData<T>,
  tx: SqlExecutor,
  context: NoticeContext,
) => Promise<Notice[]>;

type OrderData = EventData<'order.placed'>;

// Guest orders carry no userId: they are e-mailed but have no feed.
const ownerOf = (data: { userId?: string | null }): string | null => data.userId ?? null;

const rememberOrderOf = (tx: SqlExecutor, data: OrderData | EventData<'order.confirmed'>) =>
  rememberOrder(tx, {
    orderId: data.orderId,
    orderNumber: data.orderNumber,
    userId: ownerOf(data),
    email: data.email,
  });

const makers: { [T in EventType]?: NoticeMaker<T> } = {
  'user.registered': async (data, tx, { templates }) => {
    await rememberUser(tx, data);
    return [
      {
        kind: 'email_verification',
        userId: data.userId,
        to: [data.email],
        rendered: emailVerification(data, templates),
      },
    ];
  },
  'user.email_verified': async (data, tx, { templates }) => {
    await rememberUser(tx, data);
    return [
      {
        kind: 'email_verified',
        userId: data.userId,
        to: [data.email],
        rendered: emailVerified(data, templates),
      },
    ];
  },
  'user.password_reset_requested': async (data, _tx, { templates }) => [
    {
      kind: 'password_reset',
      userId: data.userId,
      to: [data.email],
      rendered: passwordReset(data, templates),
    },
  ],
  'user.password_changed': async (data, _tx, { templates }) => [
    {
      kind: 'password_changed',
      userId: data.userId,
      to: [data.email],
      rendered: passwordChanged(data, templates),
    },
  ],
  'order.placed': async (data, tx) => {
    await rememberOrderOf(tx, data);
    return [];
  },
  'order.confirmed': async (data, tx, { templates }) => {
    await rememberOrderOf(tx, data);
    return [
      {
        kind: 'order_confirmed',
        userId: ownerOf(data),
        to: [data.email],
        rendered: orderConfirmed(data, templates),
      },
    ];
  },
  // A refused checkout (card declined, sold out) never became an order and the shopper was told on
  // the spot, still at checkout: an "order cancelled" e-mail would announce an order they never had.
  'order.cancelled': async (data, _tx, { templates }) =>
    data.checkoutFailed
      ? []
      : [
          {
            kind: 'order_cancelled',
            userId: ownerOf(data),
            to: [data.email],
            rendered: orderCancelled(data, templates),
          },
        ],
  // An order shipped in shipments had each parcel e-mailed already (order.shipment_created).
  'order.shipped': async (data, _tx, { templates }) =>
    data.fulfilledInShipments
      ? []
      : [
          {
            kind: 'order_shipped',
            userId: ownerOf(data),
            to: [data.email],
            rendered: orderShipped(data, templates),
          },
        ],
  // Parcels are shipping news: the shopper's order_shipped switch covers them.
  'order.shipment_created': async (data, _tx, { templates }) => [
    {
      kind: 'order_shipped',
      userId: ownerOf(data),
      to: [data.email],
      rendered: shipmentCreated(data, templates),
    },
  ],
  'order.shipment_delivered': async (data, _tx, { templates }) => [
    {
      kind: 'order_delivered',
      userId: ownerOf(data),
      to: [data.email],
      rendered: shipmentDelivered(data, templates),
    },
  ],
  // The refunded step is told by the refund's own receipt (order.refunded).
  'order.return_updated': async (data, _tx, { templates }) => {
    const rendered = returnUpdated(data, templates);
    return rendered ? [{ kind: 'return_update', userId: ownerOf(data), to: [data.email], rendered }] : [];
  },
  'order.refunded': async (data, _tx, { templates }) => [
    {
      kind: 'refund_issued',
      userId: ownerOf(data),
      to: [data.email],
      rendered: refundIssued(data, templates),
    },
  ],
  'payment.failed': async (data, tx, { templates }) => {
    // The payment event names only the order; order.placed told us whose it is.
    const order = await findOrderRecipient(tx, data.orderId);
    if (!order) throw new RecipientUnknownError(data.orderId);
    const rendered = paymentFailed({ ...data, orderNumber: order.orderNumber }, templates);
    return [{ kind: 'payment_failed', userId: order.userId, to: [order.email], rendered }];
  },
  'stock.low': async (data, _tx, { templates, adminEmails, adminUserIds }) => {
    const rendered = lowStock(data, templates);
    // One mail to every admin address, and a feed entry (no mail: it went above) per admin.
    const { feed: _inFeeds, ...mailOnly } = rendered;
    return [
      ...(adminEmails.length > 0
        ? [{ kind: 'low_stock' as const, userId: null, to: adminEmails, rendered: mailOnly }]
        : []),
      ...adminUserIds.map((userId) => ({ kind: 'low_stock' as const, userId, to: [], rendered })),
    ];
  },
  'review.submitted': async (data, _tx, { templates, adminEmails, adminUserIds }) => {
    const rendered = reviewSubmitted(data, templates);
    // Like low stock: one mail to every admin address, a feed entry per named admin.
    const { feed: _inFeeds, ...mailOnly } = rendered;
    return [
      ...(adminEmails.length > 0
        ? [{ kind: 'review_submitted' as const, userId: null, to: adminEmails, rendered: mailOnly }]
        : []),
      ...adminUserIds.map((userId) => ({ kind: 'review_submitted' as const, userId, to: [], rendered })),
    ];
  },
};

export const consumedEventTypes = Object.keys(makers) as EventType[];

export function noticesFor(
  type: string,
  data: unknown,
  tx: SqlExecutor,
  context: NoticeContext,
): Promise<Notice[]> | undefined {
  const maker = makers[type as EventType] as NoticeMaker<EventType> | undefined;
  return maker?.(data as EventData<EventType>, tx, context);
}
