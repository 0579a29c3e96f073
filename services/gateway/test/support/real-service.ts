// Runs one of the real services as a child process (never imported: a service's code is its own),
// on a free port, and can stop and start it again on that same port.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@emporium/platform/testing';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RealService {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

export async function startRealService(name: string, env: Record<string, string>): Promise<RealService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const service: RealService = {
    url,
    async start() {
      // `node --import tsx` is `npx tsx` without the wrappers, so SIGTERM reaches the service itself.
      child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          PORT: String(port),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const started = child;
      await waitFor(async () => {
        if (started.exitCode !== null) throw new Error(`${name} exited with ${started.exitCode}`);
        return fetch(`${url}/health/ready`).then(
          (res) => res.ok,
          () => false,
        );
      }, 90_000);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
  await service.start();
  return service;
}
