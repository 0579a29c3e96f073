// The embedded platform guards /internal/* as production does. Its ports listen on 127.0.0.1 only,
// but anything else on the machine (another account's process, a page in a browser sending to
// localhost) could otherwise reserve stock or capture payments there directly. The token is
// generated once and kept beside the data, readable by its owner only, like the admin's
// credentials: a test or tool that puts its own gateway in front of the services reads it there.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INTERNAL_TOKEN_FILE = 'internal-token';

export function internalToken(dataDir: string): string {
  const file = join(dataDir, INTERNAL_TOKEN_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
