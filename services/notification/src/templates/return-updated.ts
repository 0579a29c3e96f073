import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';
import { formatMoney } from './money.js';

type ReturnData = EventData<'order.return_updated'>;
type Status = ReturnData['return']['status'];

const HEADINGS: Record<Exclude<Status, 'refunded'>, string> = {
  requested: 'We have your return request',
  approved: 'Your return is approved',
  rejected: 'We cannot accept your return',
  received: 'We received your return',
};

function sentences(data: ReturnData): string[] {
  const ret = data.return;
  switch (ret.status) {
    case 'requested':
      return [`We will look at it shortly and tell you how to send the items back.`];
    case 'approved':
      return ['Please pack the items securely and send them back; we refund you once they arrive.'];
    case 'rejected':
      return [
        ret.rejectionReason
          ? `Reason: ${ret.rejectionReason}`
          : 'Reply to this e-mail if you have questions.',
      ];
    default:
      return ret.refund
        ? [`You will be refunded ${formatMoney(ret.refund)}; a receipt follows when the money is on its way.`]
        : [];
  }
}

/** A return moved on (requested, approved, rejected, received); the refund sends its own receipt. */
export function returnUpdated(data: ReturnData, context: TemplateContext): RenderedNotice | undefined {
  const ret = data.return;
  if (ret.status === 'refunded') return undefined;
  const items = ret.lines.map((line) => `${line.quantity} × ${line.title} (${line.sku})`).join(', ');
  const heading = HEADINGS[ret.status];
  return {
    mail: renderMail(context, `Order ${data.orderNumber}: return ${ret.number} ${ret.status}`, {
      heading,
      paragraphs: [`Return ${ret.number} of order ${data.orderNumber}: ${items}.`, ...sentences(data)],
      action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
    }),
    feed: {
      title: heading,
      body: `Return ${ret.number} of order ${data.orderNumber}`,
      link: `/orders/${data.orderId}`,
    },
  };
}
