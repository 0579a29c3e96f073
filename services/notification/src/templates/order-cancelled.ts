import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

export function orderCancelled(data: EventData<'order.cancelled'>, context: TemplateContext): RenderedNotice {
  return {
    mail: renderMail(context, `Order ${data.orderNumber} cancelled`, {
      heading: `Your order ${data.orderNumber} was cancelled`,
      paragraphs: [
        `Reason: ${data.reason}`,
        'If a payment was taken for this order, it is refunded to your original payment method.',
      ],
      order: { lines: data.lines, totals: data.totals },
      action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
    }),
    feed: {
      title: `Order ${data.orderNumber} cancelled`,
      body: `Reason: ${data.reason}`,
      link: `/orders/${data.orderId}`,
    },
  };
}
