// Vitest global setup: every test run (a hand-run `npx vitest …` too) declares its exchanges and
// queues in a RabbitMQ virtual host of its own, on both brokers, deleted when the run ends.
// A caller that sets AMQP_URL itself keeps it.
import { useOwnBrokerVhost } from './broker-vhost.js';

export default function setup(): (() => void) | undefined {
  return useOwnBrokerVhost('test');
}
