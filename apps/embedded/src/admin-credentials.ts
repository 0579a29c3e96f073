// The admin a fresh installation starts with: its password is generated once and written beside
// the data, so the newcomer can sign in to the admin pages at once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminCredentials {
  email: string;
  password: string;
}

export function adminCredentials(dataDir: string): AdminCredentials {
  const file = join(dataDir, 'admin-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as AdminCredentials;
  mkdirSync(dataDir, { recursive: true });
  const credentials = {
    email: 'admin@emporium.local',
    password: `admin-${randomBytes(9).toString('base64url')}`,
  };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
