// Vitest global setup: every test run declares its exchanges and queues in a RabbitMQ virtual host
// of its own, on both brokers, deleted when the run ends. Runs that reuse the default vhost leave
// hundreds of quorum queues behind, and a broker holding thousands boots slowly or not at all.
// A caller that sets AMQP_URL itself keeps it.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const infra = (...args: string[]) =>
  spawnSync('bash', ['scripts/infra.sh', ...args], { cwd: root, stdio: 'inherit' }).status === 0;

export default function setup(): (() => void) | undefined {
  if (process.env.AMQP_URL) return undefined;
  const vhost = `test-${Date.now()}`;
  if (!infra('vhost', 'add', vhost)) {
    console.error('Could not create a RabbitMQ virtual host for this run; is `npm run infra:up` done?');
    return undefined;
  }
  process.env.AMQP_URL = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  process.env.CHAOS_AMQP_URL = `amqp://guest:guest@127.0.0.1:5673/${vhost}`;
  return () => {
    infra('vhost', 'delete', vhost);
  };
}
