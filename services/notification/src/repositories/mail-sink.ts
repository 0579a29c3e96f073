// The embedded "SMTP sink" (SMTP_URL=memory:): mails land in this table instead of a mail server.
import { type SqlExecutor, sql } from '@emporium/platform';
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
    sql`insert into mail_sink (id, sender, recipients, subject, text, html, raw)
     values (${mail.id}, ${mail.from}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html}, ${mail.raw})`,
  );
}

export async function sinkMailPage(db: SqlExecutor, options: { cursor?: string; limit: number }) {
  const before = options.cursor === undefined ? sql.empty : sql`where seq < ${options.cursor}::bigint`;
  const { rows } = await db.query<SinkRow>(
    sql`select seq, id, sender, recipients, subject, '' as text, '' as html, created_at from mail_sink
     ${before} order by seq desc limit ${options.limit + 1}`,
  );
  return pageOf(rows, options.limit, toSummary);
}

export async function findSinkMail(db: SqlExecutor, id: string) {
  const { rows } = await db.query<SinkRow & { raw: string }>(
    sql`select seq, id, sender, recipients, subject, text, html, raw, created_at from mail_sink
        where id = ${id}`,
  );
  const row = rows[0];
  return row && { ...toSummary(row), text: row.text, html: row.html, raw: row.raw };
}

/** Deletes sink mail stored more than `days` ago. */
export async function pruneSinkMail(db: SqlExecutor, days: number): Promise<number> {
  const { rowCount } = await db.query(
    sql`delete from mail_sink where created_at < now() - make_interval(days => ${days})`,
  );
  return rowCount;
}
