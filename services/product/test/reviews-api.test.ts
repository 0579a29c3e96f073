// Reviews end to end on the real stores: everything on PostgreSQL, Redis for the cache and the
// per-shopper write limit, RabbitMQ for the order events that make a shopper a verified buyer
// and for the review events the outbox publishes.
import { randomUUID } from 'node:crypto';
import { eventSchemas } from '@emporium/contracts';
import {
  createEnvelope,
  type EventBus,
  type EventEnvelope,
  loadConfig,
  openEventBus,
  openSqlDatabase,
  type ServiceApp,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productConfigSchema } from '../src/config.js';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { startProductService } from '../src/service.js';
import { productFields, testCategories } from './builders.js';

const WRITES_PER_HOUR = 4;

describe('reviews API (PostgreSQL, Redis, RabbitMQ)', () => {
  let db: TestDatabase;
  const exchange = `${uniqueName('x')}.events`;
  let service: Awaited<ReturnType<typeof startProductService>>;
  let app: ServiceApp;
  let store: CatalogStore;
  let bus: EventBus;
  let tokens: Awaited<ReturnType<typeof createTestTokens>>;
  let adminToken: string;
  const received: EventEnvelope[] = [];

  beforeAll(async () => {
    tokens = await createTestTokens();
    adminToken = await tokens.sign({ userId: randomUUID(), roles: ['admin'] });
    db = await createTestDatabase('product_reviews');
    const config = loadConfig(productConfigSchema, {
      CATALOG_URL: db.url,
      REDIS_URL: testInfra.redisUrl,
      AMQP_URL: testInfra.amqpUrl,
      EVENTS_EXCHANGE: exchange,
      CACHE_KEY_PREFIX: `${uniqueName('product')}:`,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
      REVIEW_WRITES_PER_HOUR: String(WRITES_PER_HOUR),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    service = await startProductService(config, {
      verifier: tokens.verifier,
      onStoreOpen: async (opened) => {
        store = opened;
        for (const category of testCategories) await opened.products.upsertCategory(category);
      },
    });
    app = service.app;
    bus = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
    await bus.subscribe({
      consumer: uniqueName('review-observer'),
      eventTypes: ['review.*'],
      handle: async (event) => {
        received.push(event);
      },
    });
  });
  afterAll(async () => {
    await bus.close();
    await service.close();
    await db.drop();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  async function shopper() {
    const userId = randomUUID();
    return { userId, token: await tokens.sign({ userId, roles: ['customer'] }) };
  }
  async function newProduct() {
    const fields = productFields();
    const res = await app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: as(adminToken),
      payload: { ...fields, variants: fields.variants.map((v) => ({ ...v, stock: 10 })) },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; slug: string; title: string; variants: { sku: string }[] };
  }
  function orderEvent(
    type: 'order.confirmed' | 'order.cancelled',
    orderId: string,
    userId: string,
    product: Awaited<ReturnType<typeof newProduct>>,
  ) {
    const price = { amount: 4999, currency: 'USD' };
    const summary = {
      orderId,
      orderNumber: 'EMP-1',
      userId,
      email: 'buyer@example.com',
      lines: [
        {
          sku: product.variants[0]!.sku,
          productId: product.id,
          title: product.title,
          quantity: 1,
          unitPrice: price,
          lineTotal: price,
        },
      ],
      totals: {
        subtotal: price,
        shipping: { amount: 0, currency: 'USD' },
        tax: { amount: 0, currency: 'USD' },
        total: price,
      },
    };
    const data =
      type === 'order.confirmed'
        ? {
            ...summary,
            shippingAddress: { name: 'B', line1: '1 Road', city: 'Town', postalCode: '1000', country: 'US' },
          }
        : { ...summary, reason: 'changed my mind' };
    return createEnvelope('/services/order', { type, subject: orderId, data });
  }
  /** Publishes the order's confirmation and waits until the product service has recorded it. */
  async function bought(
    userId: string,
    product: Awaited<ReturnType<typeof newProduct>>,
    orderId = randomUUID(),
  ) {
    await bus.publish([orderEvent('order.confirmed', orderId, userId, product)]);
    await waitFor(() => store.reviews.hasPurchased(userId, product.id));
    return orderId;
  }
  const review = (token: string, slug: string, payload: object) =>
    app.inject({ method: 'POST', url: `/products/${slug}/reviews`, headers: as(token), payload });
  const good = { rating: 4, title: 'Soft and sturdy', body: 'Wore it all summer; it held up well.' };
  const ratingOf = async (slug: string) =>
    (await app.inject({ method: 'GET', url: `/products/${slug}` })).json().rating;

  it('lets only a verified buyer review, once, even when the review is sent twice at once', async () => {
    const product = await newProduct();
    const buyer = await shopper();

    const early = await review(buyer.token, product.slug, good);
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ type: expect.stringContaining('purchase-required') });
    const notYet = await app.inject({
      method: 'GET',
      url: `/products/${product.slug}/reviews/eligibility`,
      headers: as(buyer.token),
    });
    expect(notYet.json()).toEqual({ eligible: false, reason: 'not-purchased' });

    await bought(buyer.userId, product);
    const eligible = await app.inject({
      method: 'GET',
      url: `/products/${product.slug}/reviews/eligibility`,
      headers: as(buyer.token),
    });
    expect(eligible.json()).toEqual({ eligible: true });

    const [first, second] = await Promise.all([
      review(buyer.token, product.slug, good),
      review(buyer.token, product.slug, good),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    const refused = first.statusCode === 409 ? first : second;
    const created = (first.statusCode === 201 ? first : second).json();
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      type: expect.stringContaining('already-reviewed'),
      reviewId: created.id,
    });
    expect(created).toMatchObject({
      rating: 4,
      status: 'published',
      userId: buyer.userId,
      productSlug: product.slug,
    });

    const list = (await app.inject({ method: 'GET', url: `/products/${product.slug}/reviews` })).json();
    expect(list.items).toHaveLength(1);
    expect(list.rating).toEqual({ average: 4, count: 1 });
    expect(list.distribution).toEqual({ '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 });
    expect(await ratingOf(product.slug)).toEqual({ average: 4, count: 1 });

    await waitFor(async () => received.some((event) => event.subject === created.id));
    expect(received.filter((event) => event.subject === created.id)).toEqual([
      expect.objectContaining({
        type: 'review.submitted',
        data: expect.objectContaining({ productId: product.id, rating: 4, userId: buyer.userId }),
      }),
    ]);
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const product = await newProduct();
    const buyer = await shopper();
    await bought(buyer.userId, product);
    const cases: [object, string][] = [
      [{ ...good, rating: 6 }, 'body.rating'],
      [{ ...good, rating: 3.5 }, 'body.rating'],
      [{ ...good, title: '' }, 'body.title'],
      [{ ...good, body: 'short' }, 'body.body'],
      [{ ...good, body: 'x'.repeat(5001) }, 'body.body'],
      [{ ...good, displayName: 'n'.repeat(61) }, 'body.displayName'],
      [{ ...good, extra: true }, 'body.extra'],
    ];
    for (const [payload, field] of cases) {
      const res = await review(buyer.token, product.slug, payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const badCursor = await app.inject({
      method: 'GET',
      url: `/products/${product.slug}/reviews?cursor=bm9wZQ`,
    });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors).toEqual([expect.objectContaining({ field: 'querystring.cursor' })]);
    expect(await store.reviews.findByAuthor(product.id, buyer.userId)).toBeUndefined();
  });

  it('keeps the average and count equal to the published reviews under concurrent reviews', async () => {
    const product = await newProduct();
    const buyers = await Promise.all(Array.from({ length: 8 }, () => shopper()));
    await Promise.all(buyers.map((buyer) => bought(buyer.userId, product)));
    const results = await Promise.all(
      buyers.map((buyer, i) => review(buyer.token, product.slug, { ...good, rating: (i % 5) + 1 })),
    );
    expect(results.map((res) => res.statusCode)).toEqual(buyers.map(() => 201));
    // Ratings 1,2,3,4,5,1,2,3: sum 21 over 8.
    expect(await ratingOf(product.slug)).toEqual({ average: 2.6, count: 8 });

    const listing = (await app.inject({ method: 'GET', url: `/products?q=linen&limit=100` })).json();
    expect(listing.items.find((item: { id: string }) => item.id === product.id)?.rating).toEqual({
      average: 2.6,
      count: 8,
    });

    const pageOne = (
      await app.inject({ method: 'GET', url: `/products/${product.slug}/reviews?limit=5` })
    ).json();
    const pageTwo = (
      await app.inject({
        method: 'GET',
        url: `/products/${product.slug}/reviews?limit=5&cursor=${pageOne.nextCursor}`,
      })
    ).json();
    const ids = [...pageOne.items, ...pageTwo.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(8);
    expect(pageTwo.nextCursor).toBeNull();
  });

  it('lets the author edit their own review and moves the aggregate; others cannot', async () => {
    const product = await newProduct();
    const buyer = await shopper();
    const stranger = await shopper();
    await bought(buyer.userId, product);
    const created = (await review(buyer.token, product.slug, good)).json();

    const edited = await app.inject({
      method: 'PATCH',
      url: `/reviews/${created.id}`,
      headers: as(buyer.token),
      payload: { rating: 2, body: 'After a month the seams started to go.' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ rating: 2, title: good.title, edited: true });
    expect(await ratingOf(product.slug)).toEqual({ average: 2, count: 1 });

    const theirs = await app.inject({
      method: 'PATCH',
      url: `/reviews/${created.id}`,
      headers: as(stranger.token),
      payload: { rating: 5 },
    });
    expect(theirs.statusCode).toBe(404);
    const empty = await app.inject({
      method: 'PATCH',
      url: `/reviews/${created.id}`,
      headers: as(buyer.token),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(await ratingOf(product.slug)).toEqual({ average: 2, count: 1 });
  });

  it('limits how many reviews and edits one shopper writes per hour, also when sent at once', async () => {
    const product = await newProduct();
    const buyer = await shopper();
    await bought(buyer.userId, product);
    const created = (await review(buyer.token, product.slug, good)).json();
    const edits = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app.inject({
          method: 'PATCH',
          url: `/reviews/${created.id}`,
          headers: as(buyer.token),
          payload: { title: `Take ${i}` },
        }),
      ),
    );
    // The submission used one of the hour's writes.
    expect(edits.filter((res) => res.statusCode === 200)).toHaveLength(WRITES_PER_HOUR - 1);
    const limited = edits.filter((res) => res.statusCode === 429);
    expect(limited).toHaveLength(6 - (WRITES_PER_HOUR - 1));
    expect(limited[0]!.json()).toMatchObject({ type: expect.stringContaining('rate-limited') });
  });

  it('lets an admin hide a review with a reason (once, even twice at once) and show it again', async () => {
    const product = await newProduct();
    const buyer = await shopper();
    await bought(buyer.userId, product);
    const created = (await review(buyer.token, product.slug, { ...good, rating: 1 })).json();

    const noReason = await app.inject({
      method: 'POST',
      url: `/admin/reviews/${created.id}/hide`,
      headers: as(adminToken),
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);
    const asShopper = await app.inject({
      method: 'POST',
      url: `/admin/reviews/${created.id}/hide`,
      headers: as(buyer.token),
      payload: { reason: 'mine' },
    });
    expect(asShopper.statusCode).toBe(403);

    const hides = await Promise.all(
      ['Abusive language', 'Off topic'].map((reason) =>
        app.inject({
          method: 'POST',
          url: `/admin/reviews/${created.id}/hide`,
          headers: as(adminToken),
          payload: { reason },
        }),
      ),
    );
    expect(hides.map((res) => res.statusCode)).toEqual([200, 200]);
    const reasons = new Set(hides.map((res) => res.json().hiddenReason));
    expect(reasons.size).toBe(1);
    expect(await ratingOf(product.slug)).toBeUndefined();
    const publicList = (await app.inject({ method: 'GET', url: `/products/${product.slug}/reviews` })).json();
    expect(publicList).toMatchObject({ items: [], rating: { average: 0, count: 0 } });
    const moderation = (
      await app.inject({
        method: 'GET',
        url: '/admin/reviews?status=hidden&limit=100',
        headers: as(adminToken),
      })
    ).json();
    expect(moderation.items).toContainEqual(
      expect.objectContaining({ id: created.id, status: 'hidden', productTitle: product.title }),
    );

    const editHidden = await app.inject({
      method: 'PATCH',
      url: `/reviews/${created.id}`,
      headers: as(buyer.token),
      payload: { rating: 5 },
    });
    expect(editHidden.statusCode).toBe(409);
    expect(editHidden.json()).toMatchObject({ type: expect.stringContaining('review-hidden') });

    await waitFor(async () => received.some((e) => e.type === 'review.hidden' && e.subject === created.id));
    expect(received.filter((e) => e.type === 'review.hidden' && e.subject === created.id)).toHaveLength(1);

    const shown = await app.inject({
      method: 'POST',
      url: `/admin/reviews/${created.id}/unhide`,
      headers: as(adminToken),
    });
    expect(shown.json()).toMatchObject({ status: 'published' });
    expect(shown.json().hiddenReason).toBeUndefined();
    expect(await ratingOf(product.slug)).toEqual({ average: 1, count: 1 });
  });

  it('forgets a purchase whose order was cancelled, even if the confirmation arrives after', async () => {
    const product = await newProduct();
    const buyer = await shopper();
    const orderId = randomUUID();
    const sql = await openSqlDatabase(db.url, 'reviews-test');
    const handled = async (event: EventEnvelope) =>
      (
        await sql.query('select 1 from event_inbox where consumer = $1 and event_id = $2', [
          'product-reviews',
          event.id,
        ])
      ).rows.length > 0;
    try {
      const cancelled = orderEvent('order.cancelled', orderId, buyer.userId, product);
      await bus.publish([cancelled]);
      await waitFor(() => handled(cancelled));
      const confirmed = orderEvent('order.confirmed', orderId, buyer.userId, product);
      await bus.publish([confirmed]);
      await waitFor(() => handled(confirmed));
    } finally {
      await sql.close();
    }
    expect(await store.reviews.hasPurchased(buyer.userId, product.id)).toBe(false);
    expect((await review(buyer.token, product.slug, good)).statusCode).toBe(403);
  });
});
