// The port through which carriers report parcels. A carrier plugs in as a CarrierWebhook: it
// tells an authentic request from a forged one and reads the report out of its body. The shop's
// own format (signedJsonWebhook) is the default for every carrier configured with a secret; a
// carrier with a format of its own gets an adapter of its own, registered under its key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FieldError } from '@emporium/platform';
import { carrierKey } from './carriers.js';

export interface CarrierReport {
  trackingNumber: string;
  /** Only deliveries change an order; other scan events are acknowledged and ignored. */
  delivered: boolean;
}

export interface CarrierWebhook {
  /** True when the request is the carrier's own (its signature over the exact bytes matches). */
  authentic(rawBody: Buffer, headers: IncomingHttpHeaders): boolean;
  /** The report in the body, or what is wrong with it. */
  read(rawBody: Buffer): CarrierReport | { errors: FieldError[] };
}

const SIGNATURE_HEADER = 'x-carrier-signature';

/** `sha256=<hex>` of the HMAC-SHA256 of `body` under `secret`: what a carrier sends. */
export const signCarrierBody = (secret: string, body: string | Buffer) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const STATUSES = ['in_transit', 'out_for_delivery', 'delivered', 'exception'];

/**
 * The shop's format: a JSON body `{ trackingNumber, status }` (status one of in_transit,
 * out_for_delivery, delivered, exception), signed in the X-Carrier-Signature header.
 */
export function signedJsonWebhook(secret: string): CarrierWebhook {
  return {
    authentic(rawBody, headers) {
      const sent = headers[SIGNATURE_HEADER];
      if (typeof sent !== 'string') return false;
      const expected = Buffer.from(signCarrierBody(secret, rawBody));
      const given = Buffer.from(sent);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    read(rawBody) {
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return { errors: [{ field: 'body', message: 'is not JSON' }] };
      }
      const { trackingNumber, status } = (body ?? {}) as Record<string, unknown>;
      const errors: FieldError[] = [];
      if (typeof trackingNumber !== 'string' || !/^[A-Za-z0-9-]{1,100}$/.test(trackingNumber)) {
        errors.push({ field: 'body.trackingNumber', message: 'must be 1 to 100 letters, digits or dashes' });
      }
      if (typeof status !== 'string' || !STATUSES.includes(status)) {
        errors.push({ field: 'body.status', message: `must be one of ${STATUSES.join(', ')}` });
      }
      if (errors.length > 0) return { errors };
      return { trackingNumber: trackingNumber as string, delivered: status === 'delivered' };
    },
  };
}

/** The webhooks of the carriers configured as `dhl=secret,ups=secret` (CARRIER_WEBHOOK_SECRETS). */
export function carrierWebhooks(secrets: string): Map<string, CarrierWebhook> {
  const webhooks = new Map<string, CarrierWebhook>();
  for (const entry of secrets.split(',').map((part) => part.trim())) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) continue;
    webhooks.set(carrierKey(entry.slice(0, at)), signedJsonWebhook(entry.slice(at + 1)));
  }
  return webhooks;
}
