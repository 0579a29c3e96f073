// A small, real HTTP stand-in for the product service's internal API (variants, all-or-nothing
// reservations and returned units taken back, as services/product/README.md describes them), for order-service tests that must
// control prices, stock or silence. End-to-end tests use the real product service instead.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StandInVariant {
  sku: string;
  /** Variants of one product share it; each SKU is a product of its own by default. */
  productId?: string;
  title: string;
  /** The EUR price, unless `prices` lists them per currency. */
  price: number;
  prices?: { amount: number; currency: string }[];
  taxClass?: 'standard' | 'reduced' | 'zero';
  weightGrams?: number;
  available: number;
  status: 'draft' | 'active' | 'archived';
}

interface Reservation {
  lines: { sku: string; quantity: number }[];
  status: 'reserved' | 'committed' | 'released' | 'rejected';
}

const PROBLEM = 'https://emporium.dev/problems/';

export async function startProductStandIn() {
  const variants = new Map<string, StandInVariant>();
  const reservations = new Map<string, Reservation>();
  /** When set, new reservations never get an answer (a stock system that hangs). */
  let silent = false;
  /** When set, commits answer 503 (a stock system briefly down). */
  let commitsFail = false;
  /** When set, returned units are refused with 503. */
  let returnsFail = false;
  /** Idempotency-Keys of returned units taken back: a repeat adds nothing. */
  const returnKeys = new Set<string>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', status >= 400 ? 'application/problem+json' : 'application/json');
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : {};
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/internal/variants') {
      const skus = (url.searchParams.get('skus') ?? '').split(',');
      const found = skus.flatMap((sku) => {
        const v = variants.get(sku);
        return v
          ? [
              {
                sku,
                productId: v.productId ?? `p-${sku}`,
                slug: sku.toLowerCase(),
                title: v.title,
                variantTitle: v.title,
                prices: v.prices ?? [{ amount: v.price, currency: 'EUR' }],
                taxClass: v.taxClass ?? 'standard',
                weightGrams: v.weightGrams ?? 0,
                available: v.available,
                status: v.status,
              },
            ]
          : [];
      });
      return send(res, 200, { variants: found });
    }
    const returned = url.pathname.match(/^\/internal\/stock\/([^/]+)\/returns$/);
    if (req.method === 'POST' && returned) {
      if (returnsFail)
        return send(res, 503, { type: `${PROBLEM}unavailable`, title: 'Unavailable', status: 503 });
      const variant = variants.get(decodeURIComponent(returned[1]!));
      if (!variant) return send(res, 404, { type: `${PROBLEM}not-found` });
      const key = String(req.headers['idempotency-key']);
      const { quantity } = await readBody(req);
      if (!returnKeys.has(key)) variant.available += quantity as number;
      returnKeys.add(key);
      return send(res, 200, { level: { sku: variant.sku, available: variant.available } });
    }
    const match = url.pathname.match(/^\/internal\/reservations\/([^/]+)(?:\/(commit|release))?$/);
    if (!match) return send(res, 404, { type: `${PROBLEM}not-found` });
    const [, id, action] = match as unknown as [string, string, string | undefined];
    const existing = reservations.get(id);
    if (req.method === 'PUT' && !action) {
      if (silent) return;
      const body = await readBody(req);
      if (existing)
        return send(res, existing.status === 'rejected' ? 409 : 200, {
          reservationId: id,
          status: existing.status,
        });
      const lines = body.lines as Reservation['lines'];
      const unavailable = lines
        .map((l) => ({ sku: l.sku, requested: l.quantity, available: variants.get(l.sku)?.available ?? 0 }))
        .filter((l) => l.available < l.requested);
      if (unavailable.length > 0) {
        reservations.set(id, { lines, status: 'rejected' });
        return send(res, 409, {
          type: `${PROBLEM}insufficient-stock`,
          title: 'Insufficient stock',
          status: 409,
          unavailable,
        });
      }
      for (const l of lines) variants.get(l.sku)!.available -= l.quantity;
      reservations.set(id, { lines, status: 'reserved' });
      return send(res, 200, {
        reservationId: id,
        status: 'reserved',
        expiresAt: new Date(Date.now() + 900_000).toISOString(),
      });
    }
    if (req.method === 'POST' && action === 'commit') {
      if (commitsFail)
        return send(res, 503, { type: `${PROBLEM}unavailable`, title: 'Unavailable', status: 503 });
      if (existing?.status === 'reserved') existing.status = 'committed';
      if (existing?.status !== 'committed') {
        return send(res, 409, { type: `${PROBLEM}reservation-not-active`, title: 'Not active', status: 409 });
      }
      return send(res, 200, { reservationId: id, status: 'committed' });
    }
    if (req.method === 'POST' && action === 'release') {
      if (existing?.status === 'reserved') {
        for (const l of existing.lines) variants.get(l.sku)!.available += l.quantity;
        existing.status = 'released';
      }
      return send(res, 200, { reservationId: id, status: 'released' });
    }
    return send(res, 404, { type: `${PROBLEM}not-found` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    put(variant: Omit<StandInVariant, 'status'> & { status?: StandInVariant['status'] }) {
      variants.set(variant.sku, { status: 'active', ...variant });
    },
    variant: (sku: string) => variants.get(sku),
    reservation: (id: string) => reservations.get(id),
    hangReservations(value: boolean) {
      silent = value;
    },
    failCommits(value: boolean) {
      commitsFail = value;
    },
    failReturns(value: boolean) {
      returnsFail = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type ProductStandIn = Awaited<ReturnType<typeof startProductStandIn>>;
