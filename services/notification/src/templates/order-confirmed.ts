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
    [address.postalCode, address.city].filter(Boolean).join(' '),
    address.country,
  ]
    .filter(Boolean)
    .join(', ');
  // A pickup has no street: the shopper is told where to collect it, by the option's name.
  const delivery =
    data.shippingMethod === 'pickup'
      ? `Pickup at ${data.shippingName ?? 'the pickup point'}: we will tell you when it is ready to collect.`
      : `It will be shipped to ${shipTo}.`;
  const items = data.lines.reduce((sum, line) => sum + line.quantity, 0);
  return {
    mail: renderMail(context, `Order ${data.orderNumber} confirmed`, {
      heading: 'Thank you for your order!',
      paragraphs: [`Your order ${data.orderNumber} is confirmed and we are getting it ready.`, delivery],
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
