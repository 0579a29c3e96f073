import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';
import { formatMoney } from './money.js';

type ReturnData = EventData<'order.return_updated'>;
type Status = ReturnData['return']['status'];

const HEADINGS: Record<Exclude<Status, 'refunded' | 'exchanged'>, string> = {
  requested: 'We have your return request',
  approved: 'Your return is approved',
  rejected: 'We cannot accept your return',
  received: 'We received your return',
};

const EXCHANGE_HEADINGS: Record<Exclude<Status, 'refunded'>, string> = {
  requested: 'We have your exchange request',
  approved: 'Your exchange is approved',
  rejected: 'We cannot accept your exchange',
  received: 'We received the items you sent back',
  exchanged: 'Your replacement is on its way',
};

/** What an exchange sends and what it costs, in the words of each step. */
function exchangeSentences(data: ReturnData): string[] {
  const ret = data.return;
  const swap = ret.replacement
    ? `You get ${ret.replacement.quantity} × ${ret.replacement.title} instead.`
    : '';
  const money = ret.charge
    ? `The difference, ${formatMoney(ret.charge)}, is charged to your card when the replacement ships.`
    : ret.refund
      ? `You will be refunded the difference, ${formatMoney(ret.refund)}.`
      : '';
  switch (ret.status) {
    case 'requested':
      return [swap, money, 'We will look at it shortly and tell you how to send the items back.'].filter(
        Boolean,
      );
    case 'approved':
      return [
        swap,
        'Your replacement is set aside; please send the items back and we ship it once they arrive.',
      ];
    case 'rejected':
      return [
        ret.rejectionReason
          ? `Reason: ${ret.rejectionReason}`
          : 'Reply to this e-mail if you have questions.',
      ];
    case 'exchanged':
      return [swap, ret.charge ? `We charged the difference, ${formatMoney(ret.charge)}.` : money].filter(
        Boolean,
      );
    default:
      return [money].filter(Boolean);
  }
}

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

/**
 * A return or exchange moved on (requested, approved, rejected, received, exchanged); a refund
 * sends its own receipt.
 */
export function returnUpdated(data: ReturnData, context: TemplateContext): RenderedNotice | undefined {
  const ret = data.return;
  if (ret.status === 'refunded') return undefined;
  const exchange = ret.kind === 'exchange';
  if (!exchange && ret.status === 'exchanged') return undefined;
  const items = ret.lines.map((line) => `${line.quantity} × ${line.title} (${line.sku})`).join(', ');
  const heading = exchange ? EXCHANGE_HEADINGS[ret.status] : HEADINGS[ret.status as keyof typeof HEADINGS];
  const word = exchange ? 'Exchange' : 'Return';
  return {
    mail: renderMail(
      context,
      `Order ${data.orderNumber}: ${word.toLowerCase()} ${ret.number} ${ret.status}`,
      {
        heading,
        paragraphs: [
          `${word} ${ret.number} of order ${data.orderNumber}: ${items}.`,
          ...(exchange ? exchangeSentences(data) : sentences(data)),
        ],
        action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
      },
    ),
    feed: {
      title: heading,
      body: `${word} ${ret.number} of order ${data.orderNumber}`,
      link: `/orders/${data.orderId}`,
    },
  };
}
