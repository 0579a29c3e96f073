// Group commit for refreshes: the rotations requested during one turn of the event loop go to the
// database as one call of rotate_refresh_tokens (migrations/0003) — one round trip and one durable
// commit for all of them. Under load this is most of a refresh's database cost; a lone refresh
// waits for nothing but the end of the current turn.
import type { SqlExecutor } from '@emporium/platform';
import type { RotatedSession } from '../repositories/refresh-tokens.js';

export interface Rotation {
  presentedHash: Buffer;
  successorHash: Buffer;
  expiresAt: Date;
}

interface Waiting extends Rotation {
  resolve(session: RotatedSession | undefined): void;
  reject(error: unknown): void;
}

/** Large batches hold row locks longer and make one failure fail more refreshes. */
const MAX_BATCH = 64;

export function createRotationBatcher(db: SqlExecutor) {
  let waiting: Waiting[] = [];

  async function rotateBatch(batch: Waiting[]): Promise<void> {
    try {
      const { rows } = await db.query<RotatedSession & { n: number }>(
        `select n, user_id, family_id, email, roles, email_verified_at
         from rotate_refresh_tokens($1::bytea[], $2::bytea[], $3::timestamptz[])`,
        [batch.map((r) => r.presentedHash), batch.map((r) => r.successorHash), batch.map((r) => r.expiresAt)],
        { prepare: true },
      );
      const byPosition = new Map(rows.map(({ n, ...session }) => [n, session]));
      for (const [i, rotation] of batch.entries()) rotation.resolve(byPosition.get(i + 1));
    } catch (error) {
      // One statement: nothing of the batch was committed, each refresh fails as it would alone.
      for (const rotation of batch) rotation.reject(error);
    }
  }

  function flush() {
    const due = waiting;
    waiting = [];
    for (let i = 0; i < due.length; i += MAX_BATCH) void rotateBatch(due.slice(i, i + MAX_BATCH));
  }

  return {
    /**
     * Exchanges a live token for its successor (see rotate_refresh_tokens): the account, or
     * undefined if the token is unknown, used, expired or its family revoked.
     */
    rotate(rotation: Rotation): Promise<RotatedSession | undefined> {
      return new Promise((resolve, reject) => {
        if (waiting.length === 0) setImmediate(flush);
        waiting.push({ ...rotation, resolve, reject });
      });
    },
  };
}

export type RotationBatcher = ReturnType<typeof createRotationBatcher>;
