import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';
import { formatMoney } from './money.js';

export function orderConfirmed(data: EventData<'order.confirmed'>, context: TemplateContext): RenderedNotice {
  const address = data.shippingAddress;
  const shipTo = [
    address.name,
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`,
    address.country,
  ]
    .filter(Boolean)
    .join(', ');
  const items = data.lines.reduce((sum, line) => sum + line.quantity, 0);
  return {
    mail: renderMail(context, `Order ${data.orderNumber} confirmed`, {
      heading: 'Thank you for your order!',
      paragraphs: [
        `Your order ${data.orderNumber} is confirmed and we are getting it ready.`,
        `It will be shipped to ${shipTo}.`,
      ],
      order: { lines: data.lines, totals: data.totals },
      action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
      footnote: 'Keep this e-mail as your receipt.',
    }),
    feed: {
      title: `Order ${data.orderNumber} confirmed`,
      body: `${items} ${items === 1 ? 'item' : 'items'}, total ${formatMoney(data.totals.total)}.`,
      link: `/orders/${data.orderId}`,
    },
  };
}
