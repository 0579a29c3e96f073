// Sends over SMTP with nodemailer: host, port, credentials and TLS all come from SMTP_URL
// (smtp:// upgrades with STARTTLS when offered, smtps:// is TLS from the first byte; query
// parameters such as ?tls.rejectUnauthorized=false pass through to nodemailer).
import { createTransport } from 'nodemailer';
import type { MailSender } from './mail-sender.js';

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export function createSmtpSender(url: string, timeouts: SmtpTimeouts): MailSender {
  const transport = createTransport({
    url,
    pool: true,
    maxConnections: 5,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}
