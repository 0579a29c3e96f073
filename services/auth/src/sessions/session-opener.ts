// Group commit for logins. A login's own statement, transaction and commit cost the database (and
// this thread, which sends and reads it) far more than its two inserts, so sessions are written
// in batches by open_sessions (migrations/0006). Logins arrive one at a time, each when its
// password check ends, so a batch only forms if a session waits a little for the next: while
// other logins are still checking passwords, a session waits up to WINDOW_MS for them (what
// PostgreSQL's commit_delay does for commits while commit_siblings are active). A login with no
// other login checking waits for nothing but the end of the current turn.
import type { SqlExecutor } from '@emporium/platform';
import { insertFamiliesWithTokens, type NewSession } from '../repositories/refresh-tokens.js';

/**
 * Measured with the auth benchmark's login load (8 logins in flight, 2 hash threads, ~150
 * logins/s): waiting 4, 8 and 12 ms cut the CPU of a login outside its hash from 2.6 ms to 2.0,
 * 1.75 and 1.6 ms; the batch's logins then also answer, send their next requests and read their
 * accounts together. A login under that load already takes ~55 ms.
 */
export const WINDOW_MS = 10;
/** Large batches hold locks longer and make one failure fail more logins. */
const MAX_BATCH = 64;

export interface SessionOpener {
  /** Runs a login's password check, counted: sessions wait only while other checks may finish soon. */
  checking<T>(check: Promise<T>): Promise<T>;
  /** Writes the session (family and first token), together with the others of its batch. */
  open(session: NewSession): Promise<void>;
}

interface Waiting {
  session: NewSession;
  resolve(): void;
  reject(error: unknown): void;
}

export function createSessionOpener(db: SqlExecutor, windowMs = WINDOW_MS): SessionOpener {
  let checks = 0;
  let waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  async function write(batch: Waiting[]): Promise<void> {
    try {
      await insertFamiliesWithTokens(
        db,
        batch.map((entry) => entry.session),
      );
      for (const entry of batch) entry.resolve();
    } catch (error) {
      // One statement: nothing of the batch was committed. Alone, each session fails or succeeds
      // on its own (an account deleted during its login must not fail the others).
      if (batch.length === 1) batch[0]?.reject(error);
      else for (const entry of batch) void write([entry]);
    }
  }

  function flush() {
    clearTimeout(timer);
    clearImmediate(immediate);
    timer = immediate = undefined;
    const due = waiting;
    waiting = [];
    for (let i = 0; i < due.length; i += MAX_BATCH) void write(due.slice(i, i + MAX_BATCH));
  }

  /** Flushes at the end of this turn if no other check can join, else when the window closes. */
  function schedule() {
    if (waiting.length === 0 || immediate) return;
    if (checks === 0 || waiting.length >= MAX_BATCH) immediate = setImmediate(flush);
    else timer ??= setTimeout(flush, windowMs);
  }

  return {
    async checking(check) {
      checks++;
      try {
        return await check;
      } finally {
        checks--;
        schedule();
      }
    },
    open(session) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ session, resolve, reject });
        schedule();
      });
    },
  };
}
