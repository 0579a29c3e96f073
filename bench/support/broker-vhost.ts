// Benchmarks declare their exchanges and queues in a RabbitMQ virtual host of their own, deleted
// when they end (even on failure), like every test run (scripts/test-broker-vhost.ts): leftovers
// in the default vhost pile up, and a broker holding thousands of queues boots slowly or not at all.
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const infra = (...args: string[]) =>
  spawnSync('bash', ['scripts/infra.sh', ...args], { cwd: root, stdio: 'inherit' }).status === 0;

export async function inOwnBrokerVhost<T>(run: () => Promise<T>): Promise<T> {
  if (process.env.AMQP_URL) return run();
  const vhost = `bench-${Date.now()}`;
  if (!infra('vhost', 'add', vhost))
    throw new Error('could not create a RabbitMQ vhost; run `npm run infra:up`');
  process.env.AMQP_URL = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  process.env.CHAOS_AMQP_URL = `amqp://guest:guest@127.0.0.1:5673/${vhost}`;
  try {
    return await run();
  } finally {
    delete process.env.AMQP_URL;
    delete process.env.CHAOS_AMQP_URL;
    infra('vhost', 'delete', vhost);
  }
}
