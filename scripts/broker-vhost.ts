// A RabbitMQ virtual host of one's own on both brokers, for a test run or a benchmark: everything
// it declares goes when it is deleted. Runs that reuse the default vhost leave quorum queues behind,
// and a broker holding thousands of them boots slowly or not at all.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const infra = (...args: string[]) =>
  spawnSync('bash', ['scripts/infra.sh', ...args], { cwd: root, stdio: 'inherit' }).status === 0;

/**
 * Creates `<prefix>-<epoch ms>` and points AMQP_URL/CHAOS_AMQP_URL at it; returns the cleanup, or
 * undefined when the caller already chose a broker (AMQP_URL set) or the vhost could not be made.
 */
export function useOwnBrokerVhost(prefix: string): (() => void) | undefined {
  if (process.env.AMQP_URL) return undefined;
  // `infra.sh up` prunes such vhosts left behind by killed runs, by this timestamp.
  const vhost = `${prefix}-${Date.now()}`;
  if (!infra('vhost', 'add', vhost)) {
    console.error('Could not create a RabbitMQ virtual host; is `npm run infra:up` done?');
    return undefined;
  }
  process.env.AMQP_URL = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  process.env.CHAOS_AMQP_URL = `amqp://guest:guest@127.0.0.1:5673/${vhost}`;
  return () => {
    delete process.env.AMQP_URL;
    delete process.env.CHAOS_AMQP_URL;
    infra('vhost', 'delete', vhost);
  };
}

/** Runs `work` in its own vhost (see useOwnBrokerVhost), deleted afterwards even on failure. */
export async function inOwnBrokerVhost<T>(work: () => Promise<T>): Promise<T> {
  const cleanup = useOwnBrokerVhost('bench');
  try {
    return await work();
  } finally {
    cleanup?.();
  }
}
