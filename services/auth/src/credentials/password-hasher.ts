// argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1). Hashing runs on the libuv pool,
// so the event loop stays free while a login waits for it.
import { randomUUID } from 'node:crypto';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

export const ARGON2ID_PARAMS = {
  algorithm: 2 as Algorithm, // Argon2id (the enum is a const enum, unusable under isolatedModules)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Same cost whether or not there is a stored hash, so timing does not reveal unknown e-mails. */
  verify(storedHash: string | undefined, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than today's: rehash after a good login. */
  needsRehash(storedHash: string): boolean;
}

export async function createPasswordHasher(): Promise<PasswordHasher> {
  // A real hash of a random password at today's parameters: verifying against it costs exactly
  // what a real account costs.
  const decoy = await hash(randomUUID(), ARGON2ID_PARAMS);
  return {
    hash: (password) => hash(password, ARGON2ID_PARAMS),
    async verify(storedHash, password) {
      const matches = await verify(storedHash ?? decoy, password).catch(() => false);
      return storedHash !== undefined && matches;
    },
    needsRehash(storedHash) {
      const used = parseOptions(storedHash);
      return (
        used.algorithm !== ARGON2ID_PARAMS.algorithm ||
        used.memoryCost !== ARGON2ID_PARAMS.memoryCost ||
        used.timeCost !== ARGON2ID_PARAMS.timeCost ||
        used.parallelism !== ARGON2ID_PARAMS.parallelism
      );
    },
  };
}
