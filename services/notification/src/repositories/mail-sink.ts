// The embedded "SMTP sink" (SMTP_URL=memory:): mails land in this table instead of a mail server.
import type { SqlExecutor } from '@emporium/platform';
import { iso, pageOf } from './rows.js';

interface SinkRow {
  seq: number;
  id: string;
  sender: string;
  recipients: string[];
  subject: string;
  text: string;
  html: string;
  created_at: Date;
}

const toSummary = (row: SinkRow) => ({
  id: row.id,
  from: row.sender,
  to: row.recipients,
  subject: row.subject,
  createdAt: iso(row.created_at),
});

export interface SinkMailInput {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export async function storeSinkMail(db: SqlExecutor, mail: SinkMailInput): Promise<void> {
  await db.query(
    `insert into mail_sink (id, sender, recipients, subject, text, html, raw)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [mail.id, mail.from, mail.to, mail.subject, mail.text, mail.html, mail.raw],
  );
}

export async function sinkMailPage(db: SqlExecutor, options: { cursor?: string; limit: number }) {
  const { rows } = await db.query<SinkRow>(
    `select seq, id, sender, recipients, subject, '' as text, '' as html, created_at from mail_sink
     where ($1::bigint is null or seq < $1) order by seq desc limit $2`,
    [options.cursor ?? null, options.limit + 1],
  );
  return pageOf(rows, options.limit, toSummary);
}

export async function findSinkMail(db: SqlExecutor, id: string) {
  const { rows } = await db.query<SinkRow & { raw: string }>(
    'select seq, id, sender, recipients, subject, text, html, raw, created_at from mail_sink where id = $1',
    [id],
  );
  const row = rows[0];
  return row && { ...toSummary(row), text: row.text, html: row.html, raw: row.raw };
}
