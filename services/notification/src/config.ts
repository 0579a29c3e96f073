import { baseServiceConfig } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const notificationConfigSchema = Type.Object({
  ...baseServiceConfig,
  PORT: Type.Integer({ default: 8086 }),
  DATABASE_URL: Type.String({
    pattern: '^(postgres(ql)?://|pglite:)',
    description: 'postgres://… or pglite:…',
  }),
  AMQP_URL: Type.String({ pattern: '^(amqps?://|memory:)', description: 'amqp://… or memory:' }),
  EVENTS_EXCHANGE: Type.String({ default: 'emporium.events' }),
  AUTH_JWKS_URL: Type.String({ pattern: '^https?://', description: "the auth service's JWKS URL" }),
  SMTP_URL: Type.String({
    pattern: '^(smtps?://|memory:)',
    description: 'smtp://user:pass@host:port, smtps://… for implicit TLS, or memory: for the embedded sink',
  }),
  MAIL_FROM: Type.String({ default: 'Emporium <shop@emporium.local>' }),
  SHOP_NAME: Type.String({ default: 'Emporium' }),
  PUBLIC_WEB_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8080' }),
  ADMIN_EMAILS: Type.String({
    default: '',
    description: 'comma-separated addresses for shop alerts (low stock, new reviews)',
  }),
  ADMIN_USER_IDS: Type.String({
    default: '',
    description:
      'comma-separated user ids of admins whose in-app feed gets shop alerts (low stock, new reviews)',
  }),
  MAIL_RETRY_DELAYS_MS: Type.String({
    pattern: '^[0-9]+(,[0-9]+)*$',
    default: '5000,30000,120000,600000,1800000,3600000',
    description: 'waits between attempts at a transient SMTP failure; after the last the mail is failed',
  }),
  SSE_HEARTBEAT_SECONDS: Type.Integer({ minimum: 1, default: 15 }),
  SSE_MAX_STREAMS_PER_USER: Type.Integer({
    minimum: 1,
    default: 5,
    description:
      'live feed streams one account may hold open per replica; one more ends the oldest (event `superseded`)',
  }),
  DELIVERY_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    default: 90,
    description: 'sent, failed and suppressed mails older than this leave the delivery log',
  }),
});

export type NotificationConfig = Static<typeof notificationConfigSchema>;

export const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
