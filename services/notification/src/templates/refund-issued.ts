import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';
import { formatMoney } from './money.js';

export function refundIssued(data: EventData<'order.refunded'>, context: TemplateContext): RenderedNotice {
  const amount = formatMoney(data.refunded);
  return {
    mail: renderMail(context, `Refund of ${amount} for order ${data.orderNumber}`, {
      heading: 'Your refund is on its way',
      paragraphs: [
        `We refunded ${amount} for order ${data.orderNumber} to your original payment method.`,
        ...(data.reason ? [`Reason: ${data.reason}`] : []),
        'Depending on your bank it can take a few days to show on your statement.',
      ],
      order: { lines: data.lines, totals: data.totals },
      action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
      footnote: 'Keep this e-mail as your refund receipt.',
    }),
    feed: {
      title: `Refund for order ${data.orderNumber}`,
      body: `We refunded ${amount}.`,
      link: `/orders/${data.orderId}`,
    },
  };
}
