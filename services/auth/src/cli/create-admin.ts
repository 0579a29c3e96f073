// npm run -w @emporium/auth create-admin -- <email> <password>
// Creates the first admin (or promotes an existing account). Events go to the outbox; the running
// auth service relays them.

import { eventSchemas } from '@emporium/contracts';
import { createOutbox, type EventPublisher } from '@emporium/platform';
import { createAdmin } from '../accounts/create-admin.js';
import { createPasswordHasher } from '../credentials/password-hasher.js';
import { openAuthDatabase } from './open-database.js';

const [email, password] = process.argv.slice(2);
if (!email || !password) {
  process.stderr.write('usage: npm run -w @emporium/auth create-admin -- <email> <password>\n');
  process.exit(2);
}

const { config, db } = await openAuthDatabase();
// This process only writes the outbox; the service's relay publishes what it wrote.
const relayedByTheService: EventPublisher = {
  publish: async () => {
    throw new Error('the create-admin command does not publish');
  },
};
try {
  const outbox = createOutbox({
    db,
    publisher: relayedByTheService,
    source: '/services/auth',
    schemas: eventSchemas,
  });
  const { userId, created } = await createAdmin(
    {
      outbox,
      hasher: await createPasswordHasher(),
      lifetimes: {
        refreshTokenDays: 0,
        passwordResetMinutes: 0,
        emailVerificationHours: config.EMAIL_VERIFICATION_TTL_HOURS,
      },
    },
    email,
    password,
  );
  process.stdout.write(
    created
      ? `created admin ${email} (${userId})\n`
      : `${email} (${userId}) is now an admin; its password was set\n`,
  );
} catch (error) {
  const detail = (error as { extensions?: { errors?: { message: string }[] } }).extensions?.errors?.[0]
    ?.message;
  process.stderr.write(
    `could not create the admin: ${detail ? `password ${detail}` : (error as Error).message}\n`,
  );
  process.exitCode = 1;
} finally {
  await db.close();
}
