// Re-encrypts every PII value sealed with an older key under the active key, walking each table
// once in id order. Safe to run while the service serves: a row is rewritten only if nobody
// changed it since it was read. A value that does not decrypt (unknown key, tampered) is reported
// and skipped, so one bad row cannot stop the rotation of all the others.
import type { SqlDatabase } from '@emporium/platform';
import { addressContext } from '../profiles/addresses.js';
import { phoneContext } from '../profiles/profiles.js';
import { findAddressesToReseal, resealAddress } from '../repositories/addresses.js';
import { findProfilesToReseal, resealProfilePhone } from '../repositories/profiles.js';
import type { FieldCipher } from './field-cipher.js';

const BATCH = 200;

export interface RotationReport {
  profiles: number;
  addresses: number;
  /** Rows left as they were because a value would not decrypt. */
  failed: string[];
}

export async function rotatePii(db: SqlDatabase, cipher: FieldCipher): Promise<RotationReport> {
  const report: RotationReport = { profiles: 0, addresses: 0, failed: [] };
  const reseal = (sealed: string, context: string) =>
    cipher.isCurrent(sealed) ? sealed : cipher.encrypt(cipher.decrypt(sealed, context), context);
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
      return true;
    } catch (error) {
      report.failed.push(`${what}: ${(error as Error).message}`);
      return false;
    }
  };

  for (let after = ''; ; ) {
    const batch = await findProfilesToReseal(db, cipher.activeKeyId, after, BATCH);
    if (batch.length === 0) break;
    for (const row of batch) {
      const done = await attempt(`profile ${row.userId}`, () =>
        resealProfilePhone(
          db,
          row.userId,
          row.phoneSealed,
          reseal(row.phoneSealed, phoneContext(row.userId)),
        ),
      );
      if (done) report.profiles++;
    }
    after = batch.at(-1)!.userId;
  }

  for (let after = ''; ; ) {
    const batch = await findAddressesToReseal(db, cipher.activeKeyId, after, BATCH);
    if (batch.length === 0) break;
    for (const row of batch) {
      const field = (sealed: string | null, name: string) =>
        sealed === null ? null : reseal(sealed, addressContext(row.id, name));
      const done = await attempt(`address ${row.id}`, () =>
        resealAddress(db, row, {
          recipientSealed: field(row.recipientSealed, 'recipient')!,
          line1Sealed: field(row.line1Sealed, 'line1')!,
          line2Sealed: field(row.line2Sealed, 'line2'),
          phoneSealed: field(row.phoneSealed, 'phone'),
        }),
      );
      if (done) report.addresses++;
    }
    after = batch.at(-1)!.id;
  }
  return report;
}
