// The whole platform for browser tests: the web app built, the embedded platform started as a
// child process on its own ports and data directory, with a known admin, and stopped afterwards.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../../../..');
const webDir = resolve(repoRoot, 'apps/web');

export interface Platform {
  baseUrl: string;
  admin: { email: string; password: string };
  /** Ends the platform and removes its data. */
  stop(): Promise<void>;
}

/** Builds apps/web/dist for production (Vitest sets NODE_ENV=test, which would build React's development bundle). */
export async function buildWebApp(): Promise<void> {
  await run('npm', ['run', '-s', 'build'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

// A first start seeds the catalog and renders its pictures: minutes on a machine shared with
// other builds, seconds on an idle one. The bound only catches a start that hangs.
const START_LIMIT_MS = 360_000;

async function waitForReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the platform exited (${child.exitCode}):\n${log()}`);
    const ready = await fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the platform was not ready within ${START_LIMIT_MS / 1000} s:\n${log()}`);
}

export async function startPlatform(): Promise<Platform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emporium-e2e-'));
  // 18080 + a random multiple of 10: seven ports per platform, clear of a developer's 8080.
  const base = 18080 + 10 * Math.floor(Math.random() * 500);
  const admin = { email: 'admin@emporium.local', password: `e2e-Admin-${Date.now()}-lantern-harbour` };
  // The embedded start reads the admin's credentials from here on first run; the auth service's
  // create-admin command makes sure that account exists with that password.
  writeFileSync(join(dataDir, 'admin-credentials.json'), JSON.stringify(admin));
  await run('npx', ['tsx', 'services/auth/src/cli/create-admin.ts', admin.email, admin.password], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: `pglite://${encodeURI(join(dataDir, 'postgres'))}?schema=auth` },
  });

  let output = '';
  const child = spawn('node', ['--import', 'tsx', 'apps/embedded/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, EMPORIUM_DATA_DIR: dataDir, EMPORIUM_PORT_BASE: String(base), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${base}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(`${baseUrl}/health/ready`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, admin, stop };
}

/** Signs in through the API (not the browser) — for reading the mail sink as the admin. */
export async function apiToken(
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`admin sign-in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface SinkMail {
  id: string;
  to: string[];
  subject: string;
}

/** Waits for a mail to `to` whose subject matches, in the notification service's SMTP sink. */
export async function waitForMail(
  baseUrl: string,
  adminToken: string,
  to: string,
  subject: RegExp,
): Promise<{ subject: string; text: string; html: string }> {
  const headers = { authorization: `Bearer ${adminToken}` };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const page = (await (
      await fetch(`${baseUrl}/api/v1/admin/notifications/outbox-mail?limit=100`, { headers })
    ).json()) as { items: SinkMail[] };
    const mail = page.items.find(
      (m) => m.to.some((address) => address.includes(to)) && subject.test(m.subject),
    );
    if (mail) {
      return (await (
        await fetch(`${baseUrl}/api/v1/admin/notifications/outbox-mail/${mail.id}`, { headers })
      ).json()) as { subject: string; text: string; html: string };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail to ${to} matching ${subject} within 30 s`);
}
