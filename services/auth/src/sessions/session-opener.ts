// Group commit for logins. A login's own statement, transaction and commit cost the database (and
// this thread, which sends and reads it) far more than its two inserts, so sessions are written
// in batches by open_sessions (migrations/0006). Logins arrive one at a time, each when its
// password check ends, so a batch only forms if a session waits a little for the next. It waits
// only while password checks are queued for the hash threads, that is while the CPU, not the
// arrival of logins, limits them: then up to its window, or until the queue is gone (what
// PostgreSQL's commit_delay does for commits while commit_siblings are active). Otherwise a
// session waits for nothing but the end of the current turn: below saturation the CPU saved is
// not needed, and a login's time would only grow (measured with logins arriving at ~127/s, 70% of
// capacity, waiting whenever any other check ran: p50 34 ms and p99 88 ms, against 23 and 42 ms
// with no wait and 20 and 44 ms with this rule).
import { createBatcher, type SqlExecutor } from '@emporium/platform';
import { insertFamiliesWithTokens, type NewSession } from '../repositories/refresh-tokens.js';

export interface SessionOpener {
  /** Runs a login's password check, counted: sessions wait only while checks are queued. */
  checking<T>(check: Promise<T>): Promise<T>;
  /** Writes the session (family and first token), together with the others of its batch. */
  open(session: NewSession): Promise<void>;
}

export interface SessionOpenerSettings {
  /** Threads that check passwords at once (libuv's pool): more checks than that are queued. */
  hashThreads: number;
  /**
   * The longest a session waits for others while checks are queued. Measured with the auth
   * benchmark's login load (8 logins in flight, 2 hash threads, ~150 logins/s): waiting 4, 8 and
   * 12 ms cut the CPU of a login outside its hash from 2.6 ms to 2.0, 1.75 and 1.6 ms; the batch's
   * logins then also answer, send their next requests and read their accounts together. Logins
   * reached 84.7–86.8% of the raw hash rate with 10 ms and 88.3–89.8% with 20 ms, while their
   * median time fell (52–56 ms, then 48–52): under that load a login spends its time queued for a
   * hash thread, not waiting here.
   */
  windowMs: number;
  /** Large batches hold locks longer and make one failure fail more logins. */
  maxBatch: number;
}

export function createSessionOpener(db: SqlExecutor, settings: SessionOpenerSettings): SessionOpener {
  let checks = 0;
  const sessions = createBatcher<NewSession, void>({
    maxBatch: settings.maxBatch,
    hold: { while: () => checks > settings.hashThreads, maxMs: settings.windowMs },
    // One statement: nothing of a failed batch was committed. Alone, each session fails or
    // succeeds on its own (an account deleted during its login must not fail the others).
    isolateFailures: true,
    async run(batch) {
      await insertFamiliesWithTokens(db, batch);
      return batch.map(() => undefined);
    },
  });

  return {
    async checking(check) {
      checks++;
      try {
        return await check;
      } finally {
        checks--;
        sessions.reconsider();
      }
    },
    open: (session) => sessions.add(session),
  };
}
