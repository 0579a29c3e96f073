import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

export function orderShipped(data: EventData<'order.shipped'>, context: TemplateContext): RenderedNotice {
  const tracking = data.trackingNumber
    ? `Tracking number${data.carrier ? ` (${data.carrier})` : ''}: ${data.trackingNumber}`
    : data.carrier
      ? `It travels with ${data.carrier}.`
      : undefined;
  return {
    mail: renderMail(context, `Order ${data.orderNumber} is on its way`, {
      heading: 'Your order is on its way',
      paragraphs: [`Good news: order ${data.orderNumber} has shipped.`, ...(tracking ? [tracking] : [])],
      order: { lines: data.lines },
      action: { label: 'Follow your order', href: webLink(context, `/orders/${data.orderId}`) },
    }),
    feed: {
      title: `Order ${data.orderNumber} shipped`,
      body: tracking ?? 'Your order is on its way.',
      link: `/orders/${data.orderId}`,
    },
  };
}
