import type { Outbox, SqlDatabase } from '@emporium/platform';
import type { PasswordHasher } from './credentials/password-hasher.js';
import type { LoginAccountReader } from './sessions/login-accounts.js';
import type { RotationBatcher } from './sessions/rotation-batcher.js';
import type { SessionOpener } from './sessions/session-opener.js';
import type { AccessTokenIssuer } from './signing/access-tokens.js';
import type { KeyRing } from './signing/key-ring.js';
import type { LoginThrottle } from './throttle/login-throttle.js';

/** What the use cases work with; built once by the service, handed to the routes. */
export interface AuthContext {
  db: SqlDatabase;
  outbox: Outbox;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  keys: KeyRing;
  accessTokens: AccessTokenIssuer;
  /** Refresh-token rotations, committed in batches. */
  rotations: RotationBatcher;
  /** Login sessions, committed in batches. */
  sessions: SessionOpener;
  /** Logins' account reads, in batches. */
  loginAccounts: LoginAccountReader;
  lifetimes: {
    refreshTokenDays: number;
    emailVerificationHours: number;
    passwordResetMinutes: number;
  };
}
