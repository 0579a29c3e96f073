// Operator's view of the event bus: queue depths and dead letters, and replaying them.
//   npm run events -- depth <consumer>
//   npm run events -- dlq list <consumer> [limit]
//   npm run events -- dlq replay <consumer>
// Reads AMQP_URL and EVENTS_EXCHANGE (defaults: the local broker, emporium.events).
import { eventSchemas } from '@emporium/contracts';
import { createRabbitMqBus } from '@emporium/platform';

const [command, sub, consumerArg, limitArg] = process.argv.slice(2);
const usage =
  'usage: npm run events -- depth <consumer> | dlq list <consumer> [limit] | dlq replay <consumer>';
const bus = createRabbitMqBus({
  url: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  exchange: process.env.EVENTS_EXCHANGE ?? 'emporium.events',
  schemas: eventSchemas,
});

try {
  if (command === 'depth' && sub) {
    console.log(`${sub}: ${await bus.queueDepth(sub)} waiting`);
  } else if (command === 'dlq' && sub === 'list' && consumerArg) {
    const letters = await bus.deadLetters(consumerArg, Number(limitArg ?? 50));
    console.log(`${letters.length} dead letter(s) for ${consumerArg}`);
    for (const letter of letters) {
      const event = letter.event as { id?: string; type?: string };
      console.log(
        `- ${event.id ?? '?'} ${event.type ?? '?'} after ${letter.attempts} attempt(s): ${letter.reason}`,
      );
    }
  } else if (command === 'dlq' && sub === 'replay' && consumerArg) {
    console.log(`replayed ${await bus.replayDeadLetters(consumerArg)} dead letter(s) to ${consumerArg}`);
  } else {
    console.error(usage);
    process.exitCode = 2;
  }
} finally {
  await bus.close();
}
