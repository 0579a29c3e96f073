// Runs `npm start`'s platform (or the distributed one) as a child process for a test: from its
// TypeScript entry through tsx, or from a bundle (a .mjs file) as npm start runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureBundle, platformBundle } from '../bundle.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface PlatformProcess {
  gateway: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startPlatform(
  entry: string,
  env: Record<string, string>,
  portBase: number,
): Promise<PlatformProcess> {
  let output = '';
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', EMPORIUM_PORT_BASE: String(portBase), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const gateway = `http://127.0.0.1:${portBase}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited early:\n${output}`);
    const ready = await fetch(`${gateway}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && /is up in/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`platform not ready within 120 s:\n${output}`);
    await sleep(250);
  }
  return {
    gateway,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The platform bundled as npm start bundles it, into a folder of the test's own (under dist/, in
 * the checkout, where the bundle finds node_modules): tests running at once never share one.
 */
export function bundledPlatform(name: string): Promise<string> {
  return ensureBundle({ ...platformBundle, outDir: join(platformBundle.outDir, '..', `test-${name}`) });
}
