// HTTP bodies of the notification service: the in-app feed, the e-mail switches it honours, the
// admin delivery log and the embedded SMTP sink.
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from './common.js';

/** What a message is about; one template per kind. */
export const notificationKinds = [
  'email_verification',
  'email_verified',
  'password_reset',
  'password_changed',
  'order_confirmed',
  'order_cancelled',
  'payment_failed',
  'order_shipped',
  'order_delivered',
  'return_update',
  'refund_issued',
  'low_stock',
  'review_submitted',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Shop alerts for admins, not shoppers' mail: never among a shopper's e-mail switches. */
export const adminNotificationKinds = [
  'low_stock',
  'review_submitted',
] as const satisfies readonly NotificationKind[];
export const NotificationKind = Type.Union(notificationKinds.map((kind) => Type.Literal(kind)));

/** Kinds a shopper may stop receiving by e-mail. Everything else (account security, receipts) always goes. */
export const optionalEmailKinds = [
  'email_verified',
  'order_cancelled',
  'payment_failed',
  'order_shipped',
] as const satisfies readonly NotificationKind[];
export type OptionalEmailKind = (typeof optionalEmailKinds)[number];

const DateTime = Type.String({ format: 'date-time' });
/** A page's position: a bigserial id, so one past PostgreSQL's int8 is refused like any bad value. */
export const Cursor = Type.String({
  format: 'int8',
  maxLength: 19,
  description: 'opaque cursor from nextCursor',
});
const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

export const FeedNotification = Type.Object({
  id: Uuid,
  kind: NotificationKind,
  title: Type.String(),
  body: Type.String(),
  /** Path in the web app this notification leads to, e.g. /orders/<id>. */
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  readAt: Type.Union([DateTime, Type.Null()]),
});
export type FeedNotification = Static<typeof FeedNotification>;

export const FeedQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
    unread: Type.Optional(Type.Boolean({ description: 'only unread notifications' })),
  },
  { additionalProperties: false },
);

export const FeedPage = Type.Object({
  items: Type.Array(FeedNotification),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type FeedPage = Static<typeof FeedPage>;

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
export const ReadAllResult = Type.Object({ marked: Type.Integer({ minimum: 0 }) });

const optionalKindFlags = Object.fromEntries(optionalEmailKinds.map((kind) => [kind, Type.Boolean()])) as {
  [K in OptionalEmailKind]: ReturnType<typeof Type.Boolean>;
};

/**
 * One switch per optional kind, true: this kind is e-mailed. The user's profile owns them
 * (`PATCH /users/me/preferences`); the notification service honours a copy fed by
 * `user.preferences_changed`.
 */
export const EmailSwitches = Type.Object(optionalKindFlags);
export type EmailSwitches = Static<typeof EmailSwitches>;

export const EmailPreferences = Type.Object({
  /** What the notification service will e-mail: its copy of the profile's switches. */
  email: EmailSwitches,
  /** Kinds that are always e-mailed whatever the preferences say. */
  alwaysSent: Type.Array(NotificationKind),
});
export type EmailPreferences = Static<typeof EmailPreferences>;

export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const DeliveryStatus = Type.Union(deliveryStatuses.map((status) => Type.Literal(status)));

export const Delivery = Type.Object({
  id: Uuid,
  eventId: Type.String(),
  eventType: Type.String(),
  kind: NotificationKind,
  recipient: Type.String(),
  subject: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  /** Why the last attempt failed (or why the message was suppressed). */
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  nextAttemptAt: Type.Union([DateTime, Type.Null()]),
  sentAt: Type.Union([DateTime, Type.Null()]),
});
export type Delivery = Static<typeof Delivery>;

export const DeliveryDetail = Type.Composite([
  Delivery,
  Type.Object({ text: Type.String(), html: Type.String() }),
]);

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(DeliveryStatus),
    recipient: Type.Optional(
      Type.String({ minLength: 1, maxLength: 254, description: 'start of the address, any case' }),
    ),
    kind: Type.Optional(NotificationKind),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

export const DeliveryPage = Type.Object({
  items: Type.Array(Delivery),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const SinkMail = Type.Object({
  id: Uuid,
  from: Type.String(),
  to: Type.Array(Type.String()),
  subject: Type.String(),
  createdAt: DateTime,
});
export const SinkMailDetail = Type.Composite([
  SinkMail,
  Type.Object({ text: Type.String(), html: Type.String() }),
]);
export const SinkMailPage = Type.Object({
  items: Type.Array(SinkMail),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
