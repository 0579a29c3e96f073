import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import type { RenderedNotice, TemplateContext } from './message.js';

export function passwordChanged(
  data: EventData<'user.password_changed'>,
  context: TemplateContext,
): RenderedNotice {
  return {
    mail: renderMail(context, `Your ${context.shopName} password was changed`, {
      heading: 'Your password was changed',
      paragraphs: [
        `The password of the account ${data.email} was just changed.`,
        'If this was not you, reset your password right away and contact us.',
      ],
    }),
    feed: {
      title: 'Password changed',
      body: 'If this was not you, reset your password right away.',
      link: null,
    },
  };
}
