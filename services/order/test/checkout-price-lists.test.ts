// Price lists at checkout across the real product, payment, pricing and order services: a member
// of a customer group is charged the group's tier price, the order keeps the unit price it was
// quoted, and a later change of the price list never alters the placed order (ADR 0017).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopper } from './support/shopper.js';
import { type Stack, startStack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

async function pricingAdmin(method: string, path: string, body?: object) {
  const res = await fetch(`${stack.pricing.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.adminToken}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('price lists at checkout', () => {
  it('charges a member the tier price, keeps it on the order, and never changes it afterwards', async () => {
    const memberId = randomUUID();
    const member = shopper(stack.order.url, await stack.sign(['customer'], memberId));
    const sku = await stack.createProduct({ stock: 10, price: 1250 });
    const group = await pricingAdmin('POST', '/admin/customer-groups', { name: `Trade ${sku}` });
    expect(group.status).toBe(201);
    expect(
      (await pricingAdmin('PUT', `/admin/customer-groups/${group.body.id}/members/${memberId}`)).status,
    ).toBe(200);
    const list = await pricingAdmin('POST', '/admin/price-lists', {
      name: `Trade prices ${sku}`,
      type: 'override',
      status: 'active',
      customerGroupIds: [group.body.id],
      entries: [
        { sku, currency: 'EUR', amount: 1000 },
        { sku, currency: 'EUR', amount: 900, minQuantity: 2 },
      ],
    });
    expect(list.status).toBe(201);

    const cartId = await member.cartWith(sku, 2);
    // What checkout will charge, per line: the tier price against the catalog's.
    const quoted = await member.call('GET', `/cart/${cartId}/totals?country=DE`);
    expect(quoted.status).toBe(200);
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    expect(quoted.body.lines).toEqual([
      {
        sku,
        quantity: 2,
        unitPrice: eur(900),
        listPrice: eur(1250),
        lineTotal: eur(1800),
        discount: eur(0),
        tax: eur(Math.round((1800 * 19) / 119)),
        priceList: { name: `Trade prices ${sku}`, type: 'override' },
      },
    ]);
    const placed = await member.checkout(member.checkoutBody(cartId));
    expect(placed.status).toBe(201);
    expect(placed.body.status).toBe('confirmed');
    // 2 × 9.00 = 18.00 (standard shipping 4.95 below 50.00), VAT held in both.
    expect(placed.body.totals.subtotal).toEqual({ amount: 1800, currency: 'EUR' });
    expect(placed.body.totals.total).toEqual({ amount: 1800 + 495, currency: 'EUR' });
    const { rows: payments } = await stack.paymentDb.query<{ amount: number }>(
      'select amount from payments where order_id = $1',
      [placed.body.orderId],
    );
    expect(payments.map((p) => Number(p.amount))).toEqual([2295]);
    const orderLines = async () => {
      const { rows } = await stack.orderDb.query<{
        lines: { unitPrice: { amount: number }; lineTotal: { amount: number } }[];
        subtotal: number;
        total: number;
        quote: { lines: { priceList?: { id: string } }[] };
      }>('select lines, subtotal, total, quote from orders where id = $1', [placed.body.orderId]);
      return rows[0]!;
    };
    const before = await orderLines();
    expect(before.lines.map((l) => [l.unitPrice.amount, l.lineTotal.amount])).toEqual([[900, 1800]]);
    expect(before.quote.lines[0]!.priceList?.id).toBe(list.body.id);

    const changed = await pricingAdmin('PATCH', `/admin/price-lists/${list.body.id}`, {
      version: 1,
      entries: [{ sku, currency: 'EUR', amount: 500 }],
    });
    expect(changed.status).toBe(200);
    const after = await orderLines();
    expect(after).toEqual(before);
    expect((await member.order(placed.body.orderId)).body.totals).toEqual(placed.body.totals);

    // A guest is no member: the catalog price.
    const guest = shopper(stack.order.url);
    const totals = await guest.call('GET', `/cart/${await guest.cartWith(sku, 2)}/totals?country=DE`);
    expect(totals.body.subtotal).toEqual({ amount: 2500, currency: 'EUR' });
    expect(totals.body.lines).toMatchObject([{ unitPrice: eur(1250), listPrice: eur(1250) }]);
    expect(totals.body.lines[0].priceList).toBeUndefined();
  });
});
