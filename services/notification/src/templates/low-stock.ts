import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

/** For the shop's admins: by e-mail, and in the feeds of the admins named for it. */
export function lowStock(data: EventData<'stock.low'>, context: TemplateContext): RenderedNotice {
  return {
    mail: renderMail(context, `Low stock: ${data.title} (${data.sku})`, {
      heading: 'Stock is running low',
      paragraphs: [
        `${data.title} (SKU ${data.sku}) has ${data.available} left, at or below the threshold of ${data.threshold}.`,
        'Restock it before it sells out.',
      ],
      action: { label: 'Open the product', href: webLink(context, `/admin/products/${data.productId}`) },
    }),
    feed: {
      title: `Low stock: ${data.title}`,
      body: `SKU ${data.sku} has ${data.available} left (threshold ${data.threshold}).`,
      link: '/admin/stock',
    },
  };
}
