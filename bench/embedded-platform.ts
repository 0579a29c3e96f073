// A fresh embedded platform (`apps/embedded`, the quick start's one process) for benchmarks that
// measure what a shopper's browser meets: its own data directory and ports, stopped and removed
// at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export interface EmbeddedPlatform {
  /** The gateway, e.g. http://127.0.0.1:18080. */
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** `env`: extra variables, e.g. `<SERVICE>_<VARIABLE>` overrides of a service's settings. */
export async function startEmbeddedPlatform(
  name: string,
  env: Record<string, string> = {},
): Promise<EmbeddedPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), `emporium-bench-${name}-`));
  const base = 18080 + 10 * Math.floor(Math.random() * 500);
  const child: ChildProcess = spawn('node', ['--import', 'tsx', 'apps/embedded/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      EMPORIUM_DATA_DIR: dataDir,
      EMPORIUM_PORT_BASE: String(base),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors += chunk;
  });
  const baseUrl = `http://127.0.0.1:${base}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null) break;
    if (
      await fetch(`${baseUrl}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { baseUrl, pid: child.pid!, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the embedded platform did not become ready:\n${errors.slice(-2000)}`);
}

/**
 * A product to open. A platform just started on a busy machine may still shed load (503) or seed
 * its catalog: asked again for up to a minute, then the answer is reported as it came.
 */
export async function firstProductSlug(baseUrl: string): Promise<string> {
  let last = '';
  for (let attempt = 0; attempt < 60; attempt++) {
    const res = await fetch(`${baseUrl}/api/v1/products?limit=1`);
    const body = await res.text();
    const slug = res.ok ? (JSON.parse(body) as { items?: { slug: string }[] }).items?.[0]?.slug : undefined;
    if (slug) return slug;
    last = `${res.status} ${body.slice(0, 300)}`;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the platform listed no product: ${last}`);
}

/** A category that has products, for the listing page. */
export async function firstCategorySlug(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/categories`);
  const body = (await res.json()) as { categories?: { slug: string }[] };
  const slug = body.categories?.[0]?.slug;
  if (!slug) throw new Error(`the platform listed no category (${res.status})`);
  return slug;
}
