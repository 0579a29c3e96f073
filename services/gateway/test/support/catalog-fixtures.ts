// Builders for the service answers the GraphQL tests need, shaped as @emporium/contracts says.
import { randomUUID } from 'node:crypto';

export const money = (amount: number) => ({ amount, currency: 'EUR' });

export function variantFor(sku: string) {
  const slug = `product-${sku.split('-')[1]}`;
  return {
    sku,
    productId: `p-${slug}`,
    slug,
    title: `Product ${sku}`,
    variantTitle: 'Default',
    prices: [money(1000)],
    taxClass: 'standard',
    weightGrams: 0,
    available: 5,
    status: 'active',
  };
}

export function orderWithLines(index: number, linesPerOrder: number) {
  const orderId = randomUUID();
  const lines = Array.from({ length: linesPerOrder }, (_, line) => ({
    sku: `sku-${(index * linesPerOrder + line) % 25}`,
    productId: 'p',
    title: 'snapshot title',
    quantity: 1,
    unitPrice: money(1000),
    lineTotal: money(1000),
  }));
  const totals = { subtotal: money(3000), shipping: money(0), tax: money(0), total: money(3000) };
  const summary = {
    orderId,
    orderNumber: `EMP-${1000 + index}`,
    status: 'confirmed',
    email: 'a@b.co',
    total: totals.total,
    itemCount: linesPerOrder,
    createdAt: new Date(2024, 0, index + 1).toISOString(),
  };
  return { summary, detail: { ...summary, lines, totals } };
}

export const categoryTree = [
  {
    slug: 'lighting',
    name: 'Lighting',
    children: [{ slug: 'lamps', name: 'Lamps', children: [] }],
  },
];

export function productSummary(slug: string, category = 'lamps') {
  return {
    id: `p-${slug}`,
    slug,
    title: `Title of ${slug}`,
    brand: 'Acme',
    category,
    price: money(1999),
    inStock: true,
  };
}
