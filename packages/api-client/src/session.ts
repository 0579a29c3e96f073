// The signed-in state of one app: the access token lives only in memory; the refresh token is
// persisted through a storage adapter the app provides (localStorage on the web, SecureStore on
// mobile), so a reload or an app restart signs back in without a password.
import type { AuthUser, Session } from './types.js';

export interface TokenStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
  /**
   * Runs `task` while no other holder of the same storage (another browser tab) runs one with
   * this name. The auth service treats two refreshes with one token as theft and ends the
   * session, so refreshes must be serialised wherever the token is shared. Optional: a storage
   * used by one process only needs no lock.
   */
  exclusive?<T>(name: string, task: () => Promise<T>): Promise<T>;
}

/** What the refresh call answered: a new session, a refusal (signed out), or no answer at all. */
export type RefreshOutcome = { session: Session } | { rejected: true } | { unreachable: true };

const REFRESH_TOKEN_KEY = 'emporium.refreshToken';

export class AuthSession {
  private accessToken: string | undefined;
  private user: AuthUser | null = null;
  private refreshing: Promise<boolean> | undefined;
  private readonly listeners = new Set<(user: AuthUser | null) => void>();

  constructor(
    private readonly storage: TokenStorage,
    private readonly exchange: (refreshToken: string) => Promise<RefreshOutcome>,
  ) {}

  get currentUser(): AuthUser | null {
    return this.user;
  }

  get token(): string | undefined {
    return this.accessToken;
  }

  /** Called with the user (or null) whenever someone signs in, out, or the session is refreshed. */
  subscribe(listener: (user: AuthUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async establish(session: Session): Promise<void> {
    await this.storage.setItem(REFRESH_TOKEN_KEY, session.refreshToken);
    this.accessToken = session.accessToken;
    this.setUser(session.user);
  }

  async storedRefreshToken(): Promise<string | null> {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  /**
   * Gets a new access token with the stored refresh token. Concurrent callers share one exchange;
   * across tabs the storage lock serialises them and each reads the token the previous one left.
   * Resolves false when there is no session to refresh or the auth service refused it.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.runExclusive(() => this.exchangeStoredToken()).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** At start-up: resumes the persisted session, if any. */
  async restore(): Promise<AuthUser | null> {
    if (!(await this.storedRefreshToken())) return null;
    await this.refresh();
    return this.user;
  }

  async clear(): Promise<void> {
    await this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.accessToken = undefined;
    this.setUser(null);
  }

  private async exchangeStoredToken(): Promise<boolean> {
    const refreshToken = await this.storedRefreshToken();
    if (!refreshToken) {
      this.accessToken = undefined;
      this.setUser(null);
      return false;
    }
    const outcome = await this.exchange(refreshToken);
    if ('session' in outcome) {
      await this.establish(outcome.session);
      return true;
    }
    // Unreachable: keep the token for the next try. Rejected: that session is over.
    if ('rejected' in outcome) await this.clear();
    return false;
  }

  private runExclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.storage.exclusive ? this.storage.exclusive('emporium-refresh', task) : task();
  }

  private setUser(user: AuthUser | null) {
    const changed = JSON.stringify(user) !== JSON.stringify(this.user);
    this.user = user;
    if (changed) for (const listener of this.listeners) listener(user);
  }
}

/** A TokenStorage that keeps the refresh token in memory only (tests, server-side use). */
export function memoryStorage(): TokenStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}
