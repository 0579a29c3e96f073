import { randomUUID } from 'node:crypto';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEmail, anOrder } from './support/events.js';
import { type Harness, startHarness } from './support/harness.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

interface DeliveryView {
  id: string;
  kind: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

async function deliveriesTo(harness: Harness, recipient: string): Promise<DeliveryView[]> {
  const res = await harness.app.inject({
    method: 'GET',
    url: `/admin/notifications/deliveries?recipient=${encodeURIComponent(recipient)}`,
    headers: { authorization: `Bearer ${await harness.adminToken()}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('e-mail delivery over SMTP', () => {
  const stockAdminId = randomUUID();
  let smtp: TestSmtpServer;
  let harness: Harness;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    harness = await startHarness({
      SMTP_URL: smtp.url,
      SHOP_NAME: 'Emporium Test Shop',
      PUBLIC_WEB_URL: 'https://shop.example.test',
      ADMIN_EMAILS: 'stock@example.test, buyer@example.test',
      ADMIN_USER_IDS: stockAdminId,
    });
  });
  afterAll(async () => {
    await harness?.close();
    await smtp?.close();
  });

  it('e-mails the order confirmation to the shopper with its lines and totals', async () => {
    const order = anOrder();
    await harness.publish('order.confirmed', order);
    await waitFor(() => smtp.to(order.email).length === 1);

    const [mail] = smtp.to(order.email);
    expect(mail!.subject).toBe(`Order ${order.orderNumber} confirmed`);
    expect(mail!.from).toContain('shop@emporium.local');
    expect(mail!.text).toContain('Blue enamel mug (MUG-BLUE): 2 × €12.50 = €25.00');
    expect(mail!.text).toContain('Organic T-shirt (M) (TEE-M): 1 × €19.99 = €19.99');
    expect(mail!.text).toContain('Total: €49.94');
    expect(mail!.text).toContain(`https://shop.example.test/orders/${order.orderId}`);
    expect(mail!.html).toContain('Blue enamel mug');
    expect(mail!.html).toContain('Emporium Test Shop');
  });

  it('e-mails each parcel and each delivery, and not the shipped order they add up to', async () => {
    const order = anOrder();
    const parcel = (number: number) => ({
      shipmentId: randomUUID(),
      number,
      carrier: 'DHL',
      trackingNumber: `JD000${number}`,
      trackingUrl: `https://www.dhl.com/track?id=JD000${number}`,
      lines: [{ sku: 'MUG-BLUE', title: 'Blue enamel mug', quantity: 2 }],
    });
    const [first, second] = [parcel(1), parcel(2)];
    await harness.publish('order.shipment_created', {
      ...order,
      shipment: first,
      fulfillmentStatus: 'partially_fulfilled',
    });
    await harness.publish('order.shipment_created', {
      ...order,
      shipment: second,
      fulfillmentStatus: 'fulfilled',
    });
    // Announced by the two parcels already: no third "on its way" mail.
    await harness.publish('order.shipped', { ...order, fulfilledInShipments: true });
    await harness.publish('order.shipment_delivered', { ...order, shipment: second, allDelivered: false });
    await waitFor(() => smtp.to(order.email).length === 3);
    // Every earlier event was handled by the time this last one's mail arrives.
    await harness.publish('order.shipment_delivered', { ...order, shipment: first, allDelivered: true });
    await waitFor(() => smtp.to(order.email).length === 4);

    const subjects = smtp.to(order.email).map((mail) => mail.subject);
    expect(subjects).toHaveLength(4);
    expect(subjects.filter((subject) => subject.includes('a parcel is on its way'))).toHaveLength(2);
    expect(subjects.filter((subject) => subject.includes('a parcel was delivered'))).toHaveLength(2);
    const shipped = smtp.to(order.email).find((mail) => mail.text.includes('JD0001'))!;
    expect(shipped.text).toContain('Part of your order is on its way');
    expect(shipped.text).toContain('2 × Blue enamel mug (MUG-BLUE)');
    expect(shipped.text).toContain('https://www.dhl.com/track?id=JD0001');
    const kinds = (await deliveriesTo(harness, order.email)).map((d) => d.kind).sort();
    expect(kinds).toEqual(['order_delivered', 'order_delivered', 'order_shipped', 'order_shipped']);
  });

  it('sends one e-mail when the same event is delivered twice', async () => {
    const order = anOrder();
    const envelope = await harness.publish('order.confirmed', order);
    await harness.republish(envelope);
    await waitFor(() => smtp.to(order.email).length === 1);
    // The second copy is handled (or dropped) by the time a later event's mail arrives.
    const marker = anOrder({ email: order.email });
    await harness.publish('order.shipped', marker);
    await waitFor(() => smtp.to(order.email).length >= 2);
    await waitFor(async () => (await deliveriesTo(harness, order.email)).every((d) => d.status === 'sent'));

    const confirmations = smtp.to(order.email).filter((mail) => mail.subject.includes('confirmed'));
    expect(confirmations).toHaveLength(1);
  });

  it('gets the mail through on the third try when the server refuses twice', async () => {
    const order = anOrder();
    smtp.refuse(order.email, 2, 451);
    await harness.publish('order.confirmed', order);

    await waitFor(() => smtp.to(order.email).length === 1);
    expect(smtp.attemptsFor(order.email)).toBe(3);
    await waitFor(async () => (await deliveriesTo(harness, order.email))[0]?.status === 'sent');
    const [delivery] = await deliveriesTo(harness, order.email);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('records a permanent rejection as failed with the reason, without retrying', async () => {
    const order = anOrder();
    smtp.refuse(order.email, 10, 550);
    await harness.publish('order.confirmed', order);

    await waitFor(async () => (await deliveriesTo(harness, order.email))[0]?.status === 'failed');
    const [delivery] = await deliveriesTo(harness, order.email);
    expect(delivery!.attempts).toBe(1);
    expect(delivery!.lastError).toContain('550');
    expect(smtp.attemptsFor(order.email)).toBe(1);
    expect(smtp.to(order.email)).toHaveLength(0);
  });

  it('lets an admin send a failed mail again', async () => {
    const order = anOrder();
    smtp.refuse(order.email, 1, 550);
    await harness.publish('order.confirmed', order);
    await waitFor(async () => (await deliveriesTo(harness, order.email))[0]?.status === 'failed');
    const [failed] = await deliveriesTo(harness, order.email);

    const res = await harness.app.inject({
      method: 'POST',
      url: `/admin/notifications/deliveries/${failed!.id}/retry`,
      headers: { authorization: `Bearer ${await harness.adminToken()}` },
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() => smtp.to(order.email).length === 1);

    const again = await harness.app.inject({
      method: 'POST',
      url: `/admin/notifications/deliveries/${failed!.id}/retry`,
      headers: { authorization: `Bearer ${await harness.adminToken()}` },
    });
    expect(again.statusCode).toBe(409);
  });

  it('tells the shopper why their order was cancelled', async () => {
    const order = anOrder();
    await harness.publish('order.cancelled', { ...order, reason: 'Blue enamel mug is out of stock' });
    await waitFor(() => smtp.to(order.email).length === 1);
    const [mail] = smtp.to(order.email);
    expect(mail!.subject).toBe(`Order ${order.orderNumber} cancelled`);
    expect(mail!.text).toContain('Reason: Blue enamel mug is out of stock');
  });

  it('sends no cancellation for a refused checkout, which never became an order', async () => {
    const attempt = anOrder();
    const order = { ...anOrder(), email: attempt.email };
    await harness.publish('order.cancelled', { ...attempt, reason: 'Card declined', checkoutFailed: true });
    // Published after the attempt: once its mail is out, the attempt's event was handled first.
    await harness.publish('order.cancelled', { ...order, reason: 'Out of stock' });
    await waitFor(() => smtp.to(order.email).length === 1);
    expect(smtp.to(order.email).map((mail) => mail.subject)).toEqual([
      `Order ${order.orderNumber} cancelled`,
    ]);
  });

  it('finds the shopper of a failed payment through the order they placed', async () => {
    const order = anOrder();
    await harness.publish('order.placed', order);
    await harness.publish('payment.failed', {
      paymentId: randomUUID(),
      orderId: order.orderId,
      amount: order.totals.total,
      code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    await waitFor(() => smtp.to(order.email).length === 1);
    const [mail] = smtp.to(order.email);
    expect(mail!.subject).toBe(`Payment for order ${order.orderNumber} failed`);
    expect(mail!.text).toContain('€49.94');
  });

  it('sends the password reset link', async () => {
    const email = anEmail();
    await harness.publish('user.password_reset_requested', {
      userId: randomUUID(),
      email,
      resetToken: 'tok/en+1',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await waitFor(() => smtp.to(email).length === 1);
    expect(smtp.to(email)[0]!.text).toContain('https://shop.example.test/reset-password?token=tok%2Fen%2B1');
  });

  it('sends the verification link to a new registration', async () => {
    const email = anEmail();
    await harness.publish('user.registered', {
      userId: randomUUID(),
      email,
      displayName: 'Ada',
      verificationToken: 'v123',
    });
    await waitFor(() => smtp.to(email).length === 1);
    const [mail] = smtp.to(email);
    expect(mail!.subject).toBe('Confirm your e-mail address for Emporium Test Shop');
    expect(mail!.text).toContain('https://shop.example.test/verify-email?token=v123');
  });

  it('alerts every admin address about low stock', async () => {
    const title = `Walnut board ${randomUUID().slice(0, 6)}`;
    await harness.publish('stock.low', {
      sku: 'BOARD-W',
      productId: 'p-board',
      title,
      available: 2,
      threshold: 5,
    });
    const alerts = () => smtp.received.filter((mail) => mail.subject.includes(title));
    await waitFor(() => alerts().length === 2);
    expect(
      alerts()
        .flatMap((mail) => mail.to)
        .sort(),
    ).toEqual(['buyer@example.test', 'stock@example.test']);
    expect(alerts()[0]!.text).toContain('has 2 left');
    // The named admin also finds it in the app, and is not e-mailed a second time for it.
    const feed = await harness.app.inject({
      method: 'GET',
      url: '/notifications',
      headers: {
        authorization: `Bearer ${await harness.tokens.sign({ userId: stockAdminId, roles: ['admin'] })}`,
      },
    });
    expect(feed.json().items).toContainEqual(
      expect.objectContaining({ kind: 'low_stock', title: `Low stock: ${title}`, link: '/admin/stock' }),
    );
    expect(alerts()).toHaveLength(2);
  });

  it("tells every admin about a new review, by mail and in the named admin's feed", async () => {
    const productTitle = `Oak stool ${randomUUID().slice(0, 6)}`;
    await harness.publish('review.submitted', {
      reviewId: randomUUID(),
      productId: 'p-stool',
      productSlug: 'oak-stool',
      productTitle,
      userId: randomUUID(),
      rating: 2,
      title: 'Wobbles <b>a lot</b>',
      displayName: 'Sam',
    });
    const mails = () => smtp.received.filter((mail) => mail.subject.includes(productTitle));
    await waitFor(() => mails().length === 2);
    expect(
      mails()
        .flatMap((mail) => mail.to)
        .sort(),
    ).toEqual(['buyer@example.test', 'stock@example.test']);
    expect(mails()[0]!.subject).toBe(`New review of ${productTitle}: 2/5`);
    expect(mails()[0]!.text).toContain('Sam gave');
    expect(mails()[0]!.text).toContain('https://shop.example.test/admin/reviews');
    expect(mails()[0]!.html).toContain('Wobbles &lt;b&gt;a lot&lt;/b&gt;');
    const feed = await harness.app.inject({
      method: 'GET',
      url: '/notifications',
      headers: {
        authorization: `Bearer ${await harness.tokens.sign({ userId: stockAdminId, roles: ['admin'] })}`,
      },
    });
    expect(feed.json().items).toContainEqual(
      expect.objectContaining({
        kind: 'review_submitted',
        title: `New review: ${productTitle}`,
        link: '/admin/reviews',
      }),
    );
  });

  it('searches the delivery log by status, kind and recipient, for admins only', async () => {
    const order = anOrder();
    await harness.publish('order.shipped', { ...order, carrier: 'DHL', trackingNumber: 'JD0001' });
    await waitFor(() => smtp.to(order.email).length === 1);

    const admin = { authorization: `Bearer ${await harness.adminToken()}` };
    const sentShipments = () =>
      harness.app.inject({
        method: 'GET',
        url: '/admin/notifications/deliveries?kind=order_shipped&status=sent&limit=100',
        headers: admin,
      });
    // The SMTP server has the mail a moment before the worker records it as sent.
    await waitFor(async () =>
      (await sentShipments()).json().items.some((d: DeliveryView) => d.recipient === order.email),
    );
    const shipped = await sentShipments();
    expect(shipped.json().items.every((d: DeliveryView) => d.kind === 'order_shipped')).toBe(true);

    const byPrefix = await harness.app.inject({
      method: 'GET',
      url: `/admin/notifications/deliveries?recipient=${encodeURIComponent(order.email.slice(0, 14).toUpperCase())}`,
      headers: admin,
    });
    expect(byPrefix.json().items.map((d: DeliveryView) => d.recipient)).toEqual([order.email]);
    // LIKE wildcards are taken literally.
    const wildcard = await harness.app.inject({
      method: 'GET',
      url: '/admin/notifications/deliveries?recipient=%25',
      headers: admin,
    });
    expect(wildcard.json().items).toEqual([]);

    const badStatus = await harness.app.inject({
      method: 'GET',
      url: '/admin/notifications/deliveries?status=lost',
      headers: admin,
    });
    expect(badStatus.statusCode).toBe(400);

    const customer = await harness.app.inject({
      method: 'GET',
      url: '/admin/notifications/deliveries',
      headers: { authorization: `Bearer ${await harness.tokens.sign({})}` },
    });
    expect(customer.statusCode).toBe(403);
  });
});

describe('e-mail delivery when the SMTP server is down for good', () => {
  let harness: Harness;

  beforeAll(async () => {
    // A port nobody listens on: every connection is refused.
    const gone = await startTestSmtpServer();
    await gone.close();
    harness = await startHarness({ SMTP_URL: gone.url });
  });
  afterAll(() => harness?.close());

  it('leaves a failed record with the reason, not a lost event', async () => {
    const order = anOrder();
    await harness.publish('order.confirmed', order);

    await waitFor(async () => (await deliveriesTo(harness, order.email))[0]?.status === 'failed');
    const [delivery] = await deliveriesTo(harness, order.email);
    expect(delivery!.attempts).toBe(3);
    expect(delivery!.lastError).toMatch(/^gave up after 3 attempts: connect ECONNREFUSED/);

    // The shopper still has the notification in the app.
    const feed = await harness.app.inject({
      method: 'GET',
      url: '/notifications',
      headers: { authorization: `Bearer ${await harness.tokens.sign({ userId: order.userId })}` },
    });
    expect(feed.json().items[0]).toMatchObject({ kind: 'order_confirmed' });
  });
});

describe('e-mail delivery to a server demanding TLS and credentials', () => {
  let smtp: TestSmtpServer;
  let harness: Harness;

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ requireAuth: { user: 'mailer', pass: 's3cret' } });
    harness = await startHarness({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await harness?.close();
    await smtp?.close();
  });

  it('upgrades to TLS and logs in with the credentials from SMTP_URL', async () => {
    const order = anOrder();
    await harness.publish('order.confirmed', order);
    await waitFor(() => smtp.to(order.email).length === 1);
    expect(smtp.to(order.email)[0]).toMatchObject({ secure: true, user: 'mailer' });
  });
});
