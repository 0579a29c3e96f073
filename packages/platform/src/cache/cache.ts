// The cache port. Two adapters: Redis (distributed mode) and in-memory (embedded quick start).

export interface Cache {
  get(key: string): Promise<string | undefined>;
  /** Several keys in one round trip; each answer at its key's position. */
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** Atomically adds 1 and returns the new value; the key expires ttlSeconds after it is created. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
