// For *.disruptive.test.ts: stop and start a server through the project's infrastructure script.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = new URL('../../../../scripts/infra.sh', import.meta.url).pathname;

export type DisruptableServer = 'rabbitmq-chaos' | 'postgres' | 'redis' | 'ferretdb' | 'stripe-mock';

export async function stopServer(name: DisruptableServer): Promise<void> {
  await run('bash', [script, 'stop', name]);
}

export async function startServer(name: DisruptableServer): Promise<void> {
  await run('bash', [script, 'start', name]);
}
