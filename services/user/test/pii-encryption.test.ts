import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher, piiKeysFromConfig } from '../src/pii/field-cipher.js';
import { rotatePii } from '../src/pii/rotate.js';
import { HOME, KEY_1, KEY_2, startUserHarness, type UserHarness } from './harness.js';

const run = promisify(execFile);
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('PII encryption at rest', () => {
  let users: UserHarness;
  beforeAll(async () => {
    users = await startUserHarness({ PII_ENCRYPTION_KEYS: KEY_1 });
  });
  afterAll(() => users.close());

  const rawRows = async (userId: string) => {
    const profile = await users.service.ctx.db.query(sql`select * from profiles where user_id = ${userId}`);
    const addresses = await users.service.ctx.db.query(
      sql`select * from addresses where user_id = ${userId}`,
    );
    return JSON.stringify([profile.rows, addresses.rows]);
  };

  it('stores no plaintext phone or address lines in the database', async () => {
    const shopper = await users.newShopper();
    await users.request('PATCH', '/users/me', shopper, { phone: '+44 20 7946 0999' });
    await users.request('POST', '/users/me/addresses', shopper, HOME);
    const raw = await rawRows(shopper.id);
    for (const secret of ['7946 0999', HOME.line1, HOME.line2, HOME.phone, HOME.name]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain('"phone_sealed":"k1:');
  });

  it('refuses a ciphertext moved onto another user', async () => {
    const victim = await users.newShopper();
    const thief = await users.newShopper();
    await users.request('PATCH', '/users/me', victim, { phone: '+1 555 0123' });
    await users.service.ctx.db.query(
      sql`update profiles set phone_sealed = (select phone_sealed from profiles where user_id = ${victim.id}) where user_id = ${thief.id}`,
    );
    await users.service.ctx.cache.invalidate(`profile:${thief.id}`);
    expect((await users.request('GET', '/users/me', thief)).statusCode).toBe(500);
    await users.service.ctx.db.query(
      sql`update profiles set phone_sealed = null where user_id = ${thief.id}`,
    );
  });

  it('re-encrypts old rows under the new key with the rotation command, still readable', async () => {
    const shopper = await users.newShopper();
    await users.request('PATCH', '/users/me', shopper, { phone: '+1 555 0177' });
    const address = (await users.request('POST', '/users/me/addresses', shopper, HOME)).json();

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/rotate-pii.ts'], {
      cwd: SERVICE_DIR,
      env: { ...process.env, DATABASE_URL: users.databaseUrl, PII_ENCRYPTION_KEYS: `${KEY_2},${KEY_1}` },
    });
    expect(stdout).toMatch(/under key k2/);

    const { rows } = await users.service.ctx.db.query<Record<string, string | null>>(
      sql`select p.phone_sealed, a.recipient_sealed, a.line1_sealed, a.line2_sealed, a.phone_sealed as address_phone
       from profiles p join addresses a on a.user_id = p.user_id where p.user_id = ${shopper.id}`,
    );
    for (const value of Object.values(rows[0]!)) expect(value).toMatch(/^k2:/);
    const withoutOldKey = createFieldCipher(piiKeysFromConfig(KEY_2, 'test', () => {}));
    expect(withoutOldKey.decrypt(rows[0]!.phone_sealed!, `profiles.phone:${shopper.id}`)).toBe('+1 555 0177');
    expect(withoutOldKey.decrypt(rows[0]!.line1_sealed!, `addresses.line1:${address.id}`)).toBe(HOME.line1);
  });

  it('reports a value that will not decrypt and still rotates every other row', async () => {
    const broken = await users.newShopper();
    const fine = await users.newShopper();
    await users.request('PATCH', '/users/me', fine, { phone: '+1 555 0155' });
    await users.service.ctx.db.query(
      sql`update profiles set phone_sealed = 'k0:AAAA' where user_id = ${broken.id}`,
    );

    const report = await rotatePii(
      users.service.ctx.db,
      createFieldCipher(piiKeysFromConfig(`${KEY_2},${KEY_1}`, 'test', () => {})),
    );
    expect(report.failed).toEqual([expect.stringContaining(`profile ${broken.id}`)]);
    const { rows } = await users.service.ctx.db.query<{ phone_sealed: string }>(
      sql`select phone_sealed from profiles where user_id = ${fine.id}`,
    );
    expect(rows[0]?.phone_sealed).toMatch(/^k2:/);
    await users.service.ctx.db.query(
      sql`update profiles set phone_sealed = null where user_id = ${broken.id}`,
    );
  });
});
