// Runs the auth service's main.ts as its own process, as deployed, keeping everything it writes
// to standard output and error: the log lines a log collector would receive.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@emporium/platform/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

export interface AuthProcess {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startAuthProcess(env: Record<string, string>): Promise<AuthProcess> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'services/auth/src/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`auth exited early:\n${output}`);
    return LISTENING.test(output);
  }, 60_000);
  return {
    baseUrl: LISTENING.exec(output)![1]!,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
