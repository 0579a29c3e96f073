// After migration only the functions the service calls exist: the one-row forms that the batch
// forms replaced are gone, so no code can call the slower paths by mistake.
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase, runMigrations } from '@emporium/platform';
import { createTestDatabase } from '@emporium/platform/testing';
import { expect, it } from 'vitest';

it('keeps the batch functions and drops the one-row forms they replaced', async () => {
  const database = await createTestDatabase('auth_functions');
  const db = createPostgresDatabase({ url: database.url, maxConnections: 1 });
  try {
    await runMigrations(db, fileURLToPath(new URL('../migrations', import.meta.url)));
    const { rows } = await db.query<{ proname: string }>(
      `select proname from pg_proc where pronamespace = 'public'::regnamespace order by proname`,
    );
    expect(rows.map((row) => row.proname)).toEqual([
      'accounts_by_email',
      'open_sessions',
      'rotate_refresh_token',
      'rotate_refresh_tokens',
    ]);
  } finally {
    await db.close();
    await database.drop();
  }
});
