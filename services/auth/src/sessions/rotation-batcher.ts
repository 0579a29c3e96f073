// Group commit for refreshes: the rotations requested during one turn of the event loop go to the
// database as one call of rotate_refresh_tokens (migrations/0003) — one round trip and one durable
// commit for all of them. Under load this is most of a refresh's database cost; a lone refresh
// waits for nothing but the end of the current turn.
import { createBatcher, type SqlExecutor } from '@emporium/platform';
import { type RotatedSession, type Rotation, rotateRefreshTokens } from '../repositories/refresh-tokens.js';

/** @param maxBatch large batches hold row locks longer and make one failure fail more refreshes. */
export function createRotationBatcher(db: SqlExecutor, maxBatch: number) {
  // One statement: if it fails nothing of the batch was committed, and each refresh fails as it
  // would alone (a token that cannot rotate is answered, not thrown, so there is no culprit).
  const batcher = createBatcher<Rotation, RotatedSession | undefined>({
    maxBatch,
    run: (batch) => rotateRefreshTokens(db, batch),
  });

  return {
    /**
     * Exchanges a live token for its successor: the account, or undefined if the token is
     * unknown, used, expired or its family revoked.
     */
    rotate: (rotation: Rotation): Promise<RotatedSession | undefined> => batcher.add(rotation),
  };
}

export type RotationBatcher = ReturnType<typeof createRotationBatcher>;
