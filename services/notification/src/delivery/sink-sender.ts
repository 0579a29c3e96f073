// SMTP_URL=memory: keeps every mail in the notification database (the embedded quick start has no
// mail server). nodemailer still builds the real MIME message, which is stored beside the fields.
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@emporium/platform';
import { createTransport } from 'nodemailer';
import { storeSinkMail } from '../repositories/mail-sink.js';
import type { MailSender } from './mail-sender.js';

export function createSinkSender(db: SqlDatabase): MailSender {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await composer.sendMail(mail);
      await storeSinkMail(db, {
        id: randomUUID(),
        from: mail.from,
        to: [mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        raw: Buffer.isBuffer(info.message) ? info.message.toString('utf8') : '',
      });
      return { messageId: info.messageId };
    },
    close() {},
  };
}
