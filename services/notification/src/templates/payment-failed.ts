import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';
import { formatMoney } from './money.js';

// What the shopper can do about each decline code (the provider's message says what happened).
const ADVICE: Record<string, string> = {
  card_declined: 'Your bank declined the card. Please try another card or contact your bank.',
  insufficient_funds: 'The card has insufficient funds. Please try another card.',
  expired_card: 'The card has expired. Please use a card that is still valid.',
  processing_error: 'Something went wrong while processing the payment. Please try again in a few minutes.',
};

export function paymentFailed(
  data: EventData<'payment.failed'> & { orderNumber: string },
  context: TemplateContext,
): RenderedNotice {
  const advice = ADVICE[data.code] ?? 'Please try again or use another payment method.';
  return {
    mail: renderMail(context, `Payment for order ${data.orderNumber} failed`, {
      heading: 'We could not take your payment',
      paragraphs: [
        `The payment of ${formatMoney(data.amount)} for order ${data.orderNumber} did not go through: ${data.message}`,
        advice,
      ],
      action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
    }),
    feed: {
      title: `Payment for order ${data.orderNumber} failed`,
      body: advice,
      link: `/orders/${data.orderId}`,
    },
  };
}
