import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

export function emailVerification(
  data: EventData<'user.registered'>,
  context: TemplateContext,
): RenderedNotice {
  const href = webLink(context, `/verify-email?token=${encodeURIComponent(data.verificationToken)}`);
  const greeting = data.displayName
    ? `Welcome to ${context.shopName}, ${data.displayName}!`
    : `Welcome to ${context.shopName}!`;
  return {
    mail: renderMail(context, `Confirm your e-mail address for ${context.shopName}`, {
      heading: greeting,
      paragraphs: ['Please confirm your e-mail address so we can keep you posted about your orders.'],
      action: { label: 'Confirm my e-mail address', href },
      footnote: 'If you did not create an account, you can ignore this message.',
    }),
    feed: {
      title: greeting,
      body: `We sent a confirmation link to ${data.email}.`,
      link: null,
    },
  };
}
