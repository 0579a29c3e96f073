// A real SMTP server in the test process (smtp-server), with scripted refusals per recipient,
// collecting what it accepts parsed by mailparser.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  headers: ParsedMail['headers'];
  /** Session facts: whether the connection was TLS and who logged in. */
  secure: boolean;
  user: string | undefined;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  to(recipient: string): ReceivedMail[];
  /** The next `times` attempts to mail `recipient` get `code` (e.g. 451 transient, 550 permanent). */
  refuse(recipient: string, times: number, code: number): void;
  /** How many times RCPT TO was tried for the recipient, accepted or not. */
  attemptsFor(recipient: string): number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startTestSmtpServer(
  options: { requireAuth?: { user: string; pass: string } } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, { left: number; code: number }>();
  const attempts = new Map<string, number>();
  const auth = options.requireAuth;

  const serverOptions: SMTPServerOptions = {
    logger: false,
    // Without credentials to check, plain SMTP; with them, STARTTLS (smtp-server's own test
    // certificate) and AUTH, as a real provider would demand.
    ...(auth
      ? {
          authMethods: ['PLAIN', 'LOGIN'],
          onAuth(credentials, _session, callback) {
            if (credentials.username === auth.user && credentials.password === auth.pass) {
              callback(null, { user: credentials.username });
            } else {
              callback(smtpError(535, 'Authentication failed'));
            }
          },
        }
      : { authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'] }),
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      attempts.set(recipient, (attempts.get(recipient) ?? 0) + 1);
      const refusal = refusals.get(recipient);
      if (refusal && refusal.left > 0) {
        refusal.left -= 1;
        callback(smtpError(refusal.code, refusal.code >= 500 ? 'Mailbox unavailable' : 'Try again later'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId,
            headers: mail.headers,
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          callback();
        })
        .catch(callback);
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const url = auth
    ? `smtp://${auth.user}:${auth.pass}@127.0.0.1:${port}?tls.rejectUnauthorized=false`
    : `smtp://127.0.0.1:${port}`;

  return {
    url,
    port,
    received,
    to: (recipient) => received.filter((mail) => mail.to.includes(recipient.toLowerCase())),
    refuse(recipient, times, code) {
      refusals.set(recipient.toLowerCase(), { left: times, code });
    },
    attemptsFor: (recipient) => attempts.get(recipient.toLowerCase()) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
