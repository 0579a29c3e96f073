// Brute-force protection for password checks, on failure counters in the cache (Redis).
//  - account + IP: the tight limit. A few free failures, then a lockout that doubles with each
//    further failure. It only ever blocks the attacking address, never the owner elsewhere.
//  - account (all IPs): a softer limit against distributed guessing; its lockout is short and
//    capped, so an attacker can slow an account down but never lock its owner out for long.
//  - IP (all accounts): against one address spraying many accounts.
// Locked attempts are refused before any hashing, so a lockout also protects the CPU.
import { createHash } from 'node:crypto';
import { type Cache, problems } from '@emporium/platform';

interface Limit {
  scope: 'pair' | 'account' | 'ip';
  /** The failure (within the window) that starts the first lockout. */
  failuresBeforeLock: number;
  windowSeconds: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
}

export const LIMITS: Record<Limit['scope'], Limit> = {
  pair: {
    scope: 'pair',
    failuresBeforeLock: 5,
    windowSeconds: 3600,
    firstLockSeconds: 30,
    maxLockSeconds: 3600,
  },
  account: {
    scope: 'account',
    failuresBeforeLock: 50,
    windowSeconds: 900,
    firstLockSeconds: 30,
    maxLockSeconds: 300,
  },
  ip: {
    scope: 'ip',
    failuresBeforeLock: 100,
    windowSeconds: 3600,
    firstLockSeconds: 60,
    maxLockSeconds: 3600,
  },
};

/** What the check before a password verification saw; recordSuccess needs it. */
export interface LoginAttempt {
  /** Failures of this account + IP on record when the attempt began. */
  pairFailures: number;
}

export interface LoginThrottle {
  /** Throws 429 (with Retry-After) while any of the three is locked out. */
  assertAllowed(email: string, ip: string): Promise<LoginAttempt>;
  recordFailure(email: string, ip: string): Promise<void>;
  /**
   * A good password clears the account + IP counter only: the others measure attacks. Most
   * logins have no failure on record, and then cost no cache write at all.
   */
  recordSuccess(email: string, ip: string, attempt: LoginAttempt): Promise<void>;
}

// E-mails are hashed so the cache holds no addresses.
const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url').slice(0, 22);

function subjects(email: string, ip: string): Record<Limit['scope'], string> {
  const account = accountKey(email);
  return { pair: `${account}:${ip}`, account, ip };
}

export function lockSeconds(limit: Limit, failures: number): number {
  const over = failures - limit.failuresBeforeLock;
  if (over < 0) return 0;
  return Math.min(limit.firstLockSeconds * 2 ** Math.min(over, 30), limit.maxLockSeconds);
}

export function createLoginThrottle(cache: Cache, now: () => number = Date.now): LoginThrottle {
  const failuresKey = (limit: Limit, subject: string) => `bf:fail:${limit.scope}:${subject}`;
  // The value is the unlock time, so Retry-After can be computed from a plain GET.
  const lockKey = (limit: Limit, subject: string) => `bf:lock:${limit.scope}:${subject}`;

  return {
    async assertAllowed(email, ip) {
      const keys = subjects(email, ip);
      // One command for all four: every login pays for this check.
      const [pairFailures, ...locks] = await cache.getMany([
        failuresKey(LIMITS.pair, keys.pair),
        ...Object.values(LIMITS).map((limit) => lockKey(limit, keys[limit.scope])),
      ]);
      const until = Math.max(0, ...locks.map((value) => Number(value ?? 0)));
      const waitMs = until - now();
      if (waitMs > 0) {
        throw problems.tooManyRequests(
          Math.ceil(waitMs / 1000),
          'Too many failed sign-in attempts. Try again later or reset your password.',
        );
      }
      return { pairFailures: Number(pairFailures ?? 0) };
    },
    async recordFailure(email, ip) {
      const keys = subjects(email, ip);
      await Promise.all(
        Object.values(LIMITS).map(async (limit) => {
          const subject = keys[limit.scope];
          const failures = await cache.increment(failuresKey(limit, subject), limit.windowSeconds);
          const seconds = lockSeconds(limit, failures);
          if (seconds > 0) await cache.set(lockKey(limit, subject), String(now() + seconds * 1000), seconds);
        }),
      );
    },
    async recordSuccess(email, ip, attempt) {
      // A failure recorded while this password was being verified stays counted: stricter, never laxer.
      if (attempt.pairFailures === 0) return;
      await cache.delete(failuresKey(LIMITS.pair, subjects(email, ip).pair));
    },
  };
}
