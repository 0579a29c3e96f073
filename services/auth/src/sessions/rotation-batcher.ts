// Group commit for refreshes: the rotations requested during one turn of the event loop go to the
// database as one call of rotate_refresh_tokens (migrations/0003) — one round trip and one durable
// commit for all of them. Under load this is most of a refresh's database cost; a lone refresh
// waits for nothing but the end of the current turn.
import { createBatcher, type SqlExecutor } from '@emporium/platform';
import type { RotatedSession } from '../repositories/refresh-tokens.js';

export interface Rotation {
  presentedHash: Buffer;
  successorHash: Buffer;
  expiresAt: Date;
}

/** @param maxBatch large batches hold row locks longer and make one failure fail more refreshes. */
export function createRotationBatcher(db: SqlExecutor, maxBatch: number) {
  // One statement: if it fails nothing of the batch was committed, and each refresh fails as it
  // would alone (a token that cannot rotate is answered, not thrown, so there is no culprit).
  const batcher = createBatcher<Rotation, RotatedSession | undefined>({
    maxBatch,
    async run(batch) {
      const { rows } = await db.query<RotatedSession & { n: number }>(
        `select n, user_id, family_id, email, roles, email_verified_at
         from rotate_refresh_tokens($1::bytea[], $2::bytea[], $3::timestamptz[])`,
        [batch.map((r) => r.presentedHash), batch.map((r) => r.successorHash), batch.map((r) => r.expiresAt)],
        { prepare: true },
      );
      const byPosition = new Map(rows.map(({ n, ...session }) => [n, session]));
      return batch.map((_, i) => byPosition.get(i + 1));
    },
  });

  return {
    /**
     * Exchanges a live token for its successor (see rotate_refresh_tokens): the account, or
     * undefined if the token is unknown, used, expired or its family revoked.
     */
    rotate: (rotation: Rotation): Promise<RotatedSession | undefined> => batcher.add(rotation),
  };
}

export type RotationBatcher = ReturnType<typeof createRotationBatcher>;
