import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

const stars = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);

/** For the shop's admins, to read a new review and hide it if it breaks the rules. */
export function reviewSubmitted(
  data: EventData<'review.submitted'>,
  context: TemplateContext,
): RenderedNotice {
  return {
    mail: renderMail(context, `New review of ${data.productTitle}: ${data.rating}/5`, {
      heading: 'A shopper reviewed a product',
      paragraphs: [
        `${data.displayName} gave ${data.productTitle} ${stars(data.rating)} (${data.rating} of 5): “${data.title}”.`,
        'It is published. Read it, and hide it if it breaks the shop’s rules.',
      ],
      action: { label: 'Moderate reviews', href: webLink(context, '/admin/reviews') },
    }),
    feed: {
      title: `New review: ${data.productTitle}`,
      body: `${data.rating}/5 — ${data.title}`,
      link: '/admin/reviews',
    },
  };
}
