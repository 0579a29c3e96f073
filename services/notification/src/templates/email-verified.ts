import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

export function emailVerified(
  data: EventData<'user.email_verified'>,
  context: TemplateContext,
): RenderedNotice {
  return {
    mail: renderMail(context, 'Your e-mail address is confirmed', {
      heading: 'Your e-mail address is confirmed',
      paragraphs: [`Thanks! We will write to ${data.email} about your orders.`],
      action: { label: `Visit ${context.shopName}`, href: webLink(context, '/') },
    }),
    feed: { title: 'E-mail address confirmed', body: `We will write to ${data.email}.`, link: null },
  };
}
