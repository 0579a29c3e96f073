// Reads the embedded SMTP sink (SMTP_URL=memory:) from DATABASE_URL:
//   npm run -w @emporium/notification mail -- list [limit]
//   npm run -w @emporium/notification mail -- show <id>
// A pglite:// directory can only be opened by one process: stop the service first, or use
// GET /admin/notifications/outbox-mail while it runs.
import { fileURLToPath } from 'node:url';
import { openSqlDatabase, runMigrations } from '@emporium/platform';
import { isMailCommand, MAIL_USAGE, runMailCommand } from './mail-command.js';

const args = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url || !isMailCommand(args)) {
  process.stderr.write(MAIL_USAGE);
  process.exit(2);
}

const db = await openSqlDatabase(url, 'notification-mail-cli');
try {
  // Idempotent; lets the command answer "no mail" on a database the service has not started on yet.
  await runMigrations(db, fileURLToPath(new URL('../../migrations', import.meta.url)));
  process.exitCode = await runMailCommand(db, args, (text) => process.stdout.write(text));
} finally {
  await db.close();
}
