// The `mail` command's work, apart from process handling so tests can run it in-process.
import type { SqlDatabase } from '@emporium/platform';
import { findSinkMail, sinkMailPage } from '../repositories/mail-sink.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAIL_USAGE = 'usage: DATABASE_URL=… mail list [limit] | mail show <id (a uuid from list)>\n';

export function isMailCommand(args: string[]): boolean {
  const [command, argument] = args;
  return command === 'list' || (command === 'show' && UUID.test(argument ?? ''));
}

/** Writes the answer through `out`; returns the process exit code. */
export async function runMailCommand(
  db: SqlDatabase,
  args: string[],
  out: (text: string) => void,
): Promise<number> {
  const [command, argument] = args;
  if (command === 'list') {
    const { items } = await sinkMailPage(db, { limit: Math.min(Number(argument ?? 20) || 20, 100) });
    if (items.length === 0) out('No mail in the sink.\n');
    for (const mail of items) out(`${mail.id}  ${mail.createdAt}  ${mail.to.join(', ')}  ${mail.subject}\n`);
    return 0;
  }
  const mail = await findSinkMail(db, argument ?? '');
  if (!mail) {
    out(`No mail ${argument} in the sink.\n`);
    return 1;
  }
  out(
    `From: ${mail.from}\nTo: ${mail.to.join(', ')}\nDate: ${mail.createdAt}\nSubject: ${mail.subject}\n\n${mail.text}`,
  );
  return 0;
}
