// Shared by the operator commands: the auth database, migrated, and the key sealer.
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit, migrateEventTables, openSqlDatabase, runMigrations } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { authConfigSchema } from '../config.js';
import { createKeySealer, keyEncryptionKey } from '../signing/key-sealing.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

const commandConfigSchema = Type.Object({
  DATABASE_URL: authConfigSchema.properties.DATABASE_URL,
  NODE_ENV: Type.String({ default: 'development' }),
  AUTH_KEY_ENCRYPTION_KEY: authConfigSchema.properties.AUTH_KEY_ENCRYPTION_KEY,
  ACCESS_TOKEN_TTL_SECONDS: authConfigSchema.properties.ACCESS_TOKEN_TTL_SECONDS,
  EMAIL_VERIFICATION_TTL_HOURS: authConfigSchema.properties.EMAIL_VERIFICATION_TTL_HOURS,
});

export async function openAuthDatabase() {
  const config = loadConfigOrExit(commandConfigSchema);
  const db = await openSqlDatabase(config.DATABASE_URL, 'auth-command');
  await runMigrations(db, MIGRATIONS);
  await migrateEventTables(db);
  const sealer = createKeySealer(
    keyEncryptionKey(config.AUTH_KEY_ENCRYPTION_KEY, config.NODE_ENV, (m) =>
      process.stderr.write(`warning: ${m}\n`),
    ),
  );
  return { config, db, sealer };
}
