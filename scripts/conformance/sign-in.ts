// Access tokens for the conformance run: a newly registered customer, and the admin the embedded
// platform bootstraps (its password is written beside the data).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function session(gateway: string, path: string, body: object): Promise<string> {
  const response = await fetch(`${gateway}/api/v1/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export function customerToken(gateway: string): Promise<string> {
  return session(gateway, 'register', {
    email: `conformance-${Date.now()}@example.com`,
    password: 'conformance-password-1',
    displayName: 'Conformance customer',
  });
}

export function adminToken(gateway: string, dataDir: string): Promise<string> {
  const admin = JSON.parse(readFileSync(join(dataDir, 'admin-credentials.json'), 'utf8'));
  return session(gateway, 'login', { email: admin.email, password: admin.password });
}
