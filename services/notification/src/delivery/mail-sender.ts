// The mail port: an SMTP server (nodemailer) or, embedded, the sink table.
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per delivery, so a mail re-sent after a crash carries the same Message-ID. */
  messageId: string;
  headers: Record<string, string>;
}

export interface MailSender {
  /** Resolves with the accepted message's id; rejects with the transport's error. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export interface SendFailure {
  /** A permanent failure is recorded as failed at once; a transient one is retried. */
  permanent: boolean;
  reason: string;
}

interface TransportError {
  message?: string;
  code?: string;
  responseCode?: number;
  permanent?: boolean;
}

// Errors about the message itself (no usable recipient, unbuildable message) fail the same way
// every time; connection errors and 4xx replies are worth another try.
const PERMANENT_CODES = new Set([
  'EENVELOPE',
  'EMESSAGE',
  'ECONFIG',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
]);

export function classifySendError(error: unknown): SendFailure {
  const err = (error ?? {}) as TransportError;
  const reason = (err.message ?? String(error)).slice(0, 1000);
  if (typeof err.responseCode === 'number') {
    // nodemailer judges the reply by RFC 5321 (5yz permanent except 503); otherwise 5yz is.
    const permanent = typeof err.permanent === 'boolean' ? err.permanent : err.responseCode >= 500;
    return { permanent, reason };
  }
  return { permanent: err.code !== undefined && PERMANENT_CODES.has(err.code), reason };
}
