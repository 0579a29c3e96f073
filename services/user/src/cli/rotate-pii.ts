// npm run -w @emporium/user rotate-pii
// After putting a new key first in PII_ENCRYPTION_KEYS (and deploying), re-encrypts the rows still
// sealed with older keys; once it reports nothing left, the old key can be removed from the list.
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit, migrateEventTables, openSqlDatabase, runMigrations } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { userConfigSchema } from '../config.js';
import { createFieldCipher, piiKeysFromConfig } from '../pii/field-cipher.js';
import { rotatePii } from '../pii/rotate.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

const config = loadConfigOrExit(
  Type.Object({
    DATABASE_URL: userConfigSchema.properties.DATABASE_URL,
    NODE_ENV: userConfigSchema.properties.NODE_ENV,
    PII_ENCRYPTION_KEYS: userConfigSchema.properties.PII_ENCRYPTION_KEYS,
  }),
);
const cipher = createFieldCipher(
  piiKeysFromConfig(config.PII_ENCRYPTION_KEYS, config.NODE_ENV, (m) =>
    process.stderr.write(`warning: ${m}\n`),
  ),
);
const db = await openSqlDatabase(config.DATABASE_URL, 'user-rotate-pii');
try {
  await runMigrations(db, MIGRATIONS);
  await migrateEventTables(db);
  const { profiles, addresses, failed } = await rotatePii(db, cipher);
  process.stdout.write(
    `re-encrypted ${profiles} profiles and ${addresses} addresses under key ${cipher.activeKeyId}\n`,
  );
  if (failed.length > 0) {
    process.stderr.write(
      `could not re-encrypt ${failed.length} rows (left unchanged):\n  ${failed.join('\n  ')}\n`,
    );
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
