import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

export function passwordReset(
  data: EventData<'user.password_reset_requested'>,
  context: TemplateContext,
): RenderedNotice {
  const href = webLink(context, `/reset-password?token=${encodeURIComponent(data.resetToken)}`);
  const expires = new Date(data.expiresAt).toUTCString();
  return {
    mail: renderMail(context, `Reset your ${context.shopName} password`, {
      heading: 'Reset your password',
      paragraphs: [
        'Someone asked to reset the password of your account. Follow the link below to choose a new one.',
        `The link works once and expires on ${expires}.`,
      ],
      action: { label: 'Choose a new password', href },
      footnote: 'If you did not ask for this, ignore this message: your password stays as it is.',
    }),
    feed: {
      title: 'Password reset requested',
      body: `We sent a reset link to ${data.email}. Not you? Ignore it and your password stays as it is.`,
      link: null,
    },
  };
}
