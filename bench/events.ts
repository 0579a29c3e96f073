// Event bus benchmark: throughput and delivery latency through outbox → RabbitMQ → consumer with
// inbox, on the real PostgreSQL and RabbitMQ, next to a bare RabbitMQ publish/consume baseline
// measured in the same run.  Run: npx tsx bench/events.ts   (infrastructure up: npm run infra:up;
// --smoke or BENCH_SMOKE=1: a thousand events and one second of the latency run; --hog: a busy
// loop pinned to one core for the whole run; BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of this
// process during the bare and the end-to-end throughput runs there)
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Registry } from 'prom-client';
import { Connection } from 'rabbitmq-client';
import { coalesceWritesPerTick } from '../packages/platform/src/events/amqp-write-coalescing.js';
import {
  createInboxBatcher,
  createOutbox,
  createPostgresDatabase,
  createRabbitMqBus,
  type EventEnvelope,
  type EventPublisher,
  migrateEventTables,
} from '../packages/platform/src/index.js';
import {
  createTestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '../packages/platform/src/testing/index.js';
import { inOwnBrokerVhost } from '../scripts/broker-vhost.js';
import { hogRequested, startCpuHogIfRequested } from './cpu-hog.js';
import { ratioLine, setting } from './smoke-mode.js';

const settings = {
  throughputEvents: setting('EVENTS', 30_000, 1_000),
  producerBatch: 100,
  producers: 4,
  consumerConcurrency: Number(process.env.CONCURRENCY ?? 200),
  inboxBatch: 100,
  // The consumer's own effect, an insert per event: 'batch' = one set-based insert per inbox
  // batch, 'per-event' = one insert (one database round trip) per event. Either is a prepared
  // statement, as the services' hot statements are.
  effect: process.env.EFFECT === 'per-event' ? 'per-event' : 'batch',
  effectStatement: 'prepared',
  relays: Number(process.env.RELAYS ?? 4),
  relayBatch: 200,
  latencyRatePerSecond: 1000,
  latencySeconds: setting('LATENCY_SECONDS', 10, 1),
  // Emitted at the same rate before the latency is recorded: the pools open their connections and
  // prepare their statements, as in a service that has been running.
  latencyWarmupSeconds: setting('LATENCY_WARMUP_SECONDS', 3, 0),
};
const schemas = { 'bench.happened': Type.Object({ n: Type.Integer(), sentAt: Type.Number() }) };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * The worst latency of the events emitted in each second of the latency run, e.g. `40 38 1210 45`:
 * tells a stall (one second far above the others) from a steady queue (every second high).
 */
function worstPerSecond(deliveries: { sentAt: number; latency: number }[], startedAt: number): string {
  const worst: number[] = [];
  for (const { sentAt, latency } of deliveries) {
    const second = Math.max(0, Math.floor((sentAt - startedAt) / 1000));
    worst[second] = Math.max(worst[second] ?? 0, latency);
  }
  return `${Array.from(worst, (ms) => ms ?? 0).join(' ')} ms`;
}

/** Profiles this process from now until the returned function is called, if BENCH_CPU_PROF_DIR is set. */
async function profileIfRequested(name: string): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    const file = join(dir, `${name}-${Date.now()}.cpuprofile`);
    await mkdir(dir, { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`  CPU profile: ${file}`);
  };
}

async function baseline(): Promise<{ rate: number; cpuPerEvent: number }> {
  // Bare broker: confirmed publishes and acked consumption, no database at all; on a connection
  // set up like the bus's own (TCP_NODELAY, writes merged per tick).
  const connection = new Connection({ url: testInfra.amqpUrl, noDelay: true });
  coalesceWritesPerTick(connection);
  const queue = uniqueName('bench.baseline');
  let received = 0;
  const consumer = connection.createConsumer(
    {
      queue,
      queueOptions: { durable: true, arguments: { 'x-queue-type': 'quorum' } },
      qos: { prefetchCount: 200 },
      concurrency: 100,
    },
    async () => {
      received += 1;
    },
  );
  await new Promise((resolve) => consumer.once('ready', resolve));
  const publisher = connection.createPublisher({ confirm: true });
  const stopProfile = await profileIfRequested('events-baseline');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let sent = 0; sent < settings.throughputEvents; sent += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        publisher.send({ routingKey: queue, durable: true }, { n: sent + i }),
      ),
    );
  }
  await waitFor(() => received >= settings.throughputEvents, 300_000);
  const rate = settings.throughputEvents / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  await stopProfile();
  await consumer.close();
  await connection.queueDelete({ queue });
  await publisher.close();
  await connection.close();
  return { rate, cpuPerEvent: (cpu.user + cpu.system) / settings.throughputEvents };
}

async function main() {
  const hog = startCpuHogIfRequested();
  try {
    await measure(hog.description);
  } finally {
    hog.stop();
  }
}

async function measure(beside: string) {
  const testDb = await createTestDatabase('bench_events');
  const db = createPostgresDatabase({ url: testDb.url, maxConnections: 40 });
  await migrateEventTables(db);
  await db.exec('create table effects (event_id text primary key, latency_ms double precision)');
  const exchange = `${uniqueName('bench')}.events`;
  // Failures do not stop the pipeline (a failed relay pass is retried, a failed handling goes to a
  // retry queue) but cost latency: counted, so the latency lines can be read with them.
  const metrics = new Registry();
  // Events emitted from this time on are recorded by the latency run (never, outside one).
  let recordFrom = Number.POSITIVE_INFINITY;
  const failures = { relay: 0, bus: 0 };
  const bus = createRabbitMqBus({
    url: testInfra.amqpUrl,
    schemas,
    exchange,
    metrics,
    prefetch: settings.consumerConcurrency * 4,
    onError: () => {
      failures.bus += 1;
    },
  });
  // When the broker confirmed each event the relay published (latency runs only): splits an
  // event's wait before the consumer into outbox and relay, then broker and consumer queue.
  const confirmedAt = new Map<string, number>();
  const timedPublisher: EventPublisher = {
    publish: (events) => bus.publish(events),
    async publishSerialized(events) {
      await bus.publishSerialized?.(events);
      const now = Date.now();
      if (now >= recordFrom) for (const event of events) confirmedAt.set(event.id, now);
    },
  };
  const outbox = createOutbox({
    db,
    publisher: timedPublisher,
    metrics,
    onError: () => {
      failures.relay += 1;
    },
    source: '/bench',
    schemas,
    batchSize: settings.relayBatch,
    relays: settings.relays,
  });
  // Also on failure: the bus's queues and exchange must not outlive the run.
  try {
    let handled = 0;
    // Each delivery's latency with the time it was emitted (for the per-second timeline) and the
    // part of it before the consumer received the event (the rest is the inbox's transaction).
    const deliveries: { sentAt: number; latency: number; toReceipt: number; toConfirm: number }[] = [];
    const inbox = { db, consumer: 'bench', maxBatch: settings.inboxBatch };
    const applyOnce = createInboxBatcher(
      settings.effect === 'batch'
        ? {
            ...inbox,
            effects: async (tx, events) => {
              await tx.query(
                'insert into effects (event_id) select unnest($1::text[])',
                [events.map((event) => event.id)],
                { prepare: true },
              );
            },
          }
        : {
            ...inbox,
            effect: async (tx, event) => {
              await tx.query('insert into effects (event_id) values ($1)', [event.id], { prepare: true });
            },
          },
    );
    await bus.subscribe({
      consumer: 'bench',
      eventTypes: ['bench.happened'],
      concurrency: settings.consumerConcurrency,
      handle: async (event: EventEnvelope) => {
        const received = Date.now();
        await applyOnce(event);
        const { sentAt } = event.data as { sentAt: number };
        if (sentAt >= recordFrom) {
          // A delivery can overtake its confirm: then the receipt bounds it.
          const confirmed = confirmedAt.get(event.id) ?? received;
          confirmedAt.delete(event.id);
          deliveries.push({
            sentAt,
            latency: Date.now() - sentAt,
            toReceipt: received - sentAt,
            toConfirm: Math.min(confirmed, received) - sentAt,
          });
        }
        handled += 1;
      },
    });
    outbox.start();

    // Latency at a steady rate: every 10 ms a producer commits rate/100 events; recorded after the
    // warm-up. Run twice: before any burst (judged against the target), and right after the
    // throughput run, whose aftermath (the databases and the broker digesting a burst) shows as a
    // tail that drains.
    const measureLatency = async (when: string, verdict: string) => {
      deliveries.length = 0;
      confirmedAt.clear();
      const perTick = settings.latencyRatePerSecond / 100;
      const ticks = (settings.latencyWarmupSeconds + settings.latencySeconds) * 100;
      const before = handled;
      const latencyStart = performance.now();
      const latencyStartedAt = Date.now() + settings.latencyWarmupSeconds * 1000;
      recordFrom = latencyStartedAt;
      for (let tick = 0; tick < ticks; tick++) {
        const due = latencyStart + tick * 10;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        void outbox.transaction(async (_tx, emit) => {
          for (let i = 0; i < perTick; i++)
            emit({ type: 'bench.happened', data: { n: i, sentAt: Date.now() } });
        });
      }
      await waitFor(() => handled >= before + ticks * perTick, 120_000);
      recordFrom = Number.POSITIVE_INFINITY;
      const latencies = deliveries.map((delivery) => delivery.latency).sort((a, b) => a - b);
      console.log(
        `latency at ${settings.latencyRatePerSecond} events/s for ${settings.latencySeconds} s${when}: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms (emitted in the producer's transaction → effect applied) — ${verdict}`,
      );
      const part = (of: (delivery: (typeof deliveries)[number]) => number) => {
        const sorted = deliveries.map(of).sort((a, b) => a - b);
        return `p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms`;
      };
      console.log(
        `  of which until the broker confirmed the relay's publish: ${part((d) => d.toConfirm)}; until the consumer received it: ${part((d) => d.toReceipt)}`,
      );
      console.log(`  worst latency per second of emission: ${worstPerSecond(deliveries, latencyStartedAt)}`);
    };

    console.log('Event bus benchmark (outbox → RabbitMQ → consumer with inbox), real PostgreSQL + RabbitMQ');
    console.log(`settings: ${JSON.stringify(settings)}`);
    console.log(`beside the benchmark: ${beside}`);
    await measureLatency('', `target p99 < ${hogRequested ? '250 ms (under the CPU hog)' : '100 ms'}`);
    const bare = await baseline();
    console.log(
      `baseline, bare RabbitMQ confirmed publish + acked consume: ${bare.rate.toFixed(0)} events/s (${bare.cpuPerEvent.toFixed(0)} µs CPU per event in this process)`,
    );

    // Throughput: producers commit batches as fast as they can; the clock stops when the consumer
    // has applied the last effect.
    let next = 0;
    const handledBefore = handled;
    const stopProfile = await profileIfRequested('events-throughput');
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: settings.producers }, async () => {
        while (next < settings.throughputEvents) {
          const from = next;
          next += settings.producerBatch;
          await outbox.transaction(async (_tx, emit) => {
            for (let i = from; i < from + settings.producerBatch; i++)
              emit({ type: 'bench.happened', data: { n: i, sentAt: Date.now() } });
          });
        }
      }),
    );
    const committed = performance.now();
    await waitFor(() => handled >= handledBefore + settings.throughputEvents, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const throughput = settings.throughputEvents / seconds;
    const cpu = process.cpuUsage(cpuBefore);
    await stopProfile();
    console.log(
      `throughput: ${throughput.toFixed(0)} events/s end to end (${settings.throughputEvents} events in ${seconds.toFixed(1)} s; producers committed in ${((committed - started) / 1000).toFixed(1)} s)`,
    );
    console.log(
      ratioLine('end-to-end events/s', throughput, 'bare RabbitMQ events/s', bare.rate, { atLeast: 0.8 }),
    );
    console.log(
      `  this process (producers, relay, consumer): ${((cpu.user + cpu.system) / settings.throughputEvents).toFixed(0)} µs CPU per event (${(cpu.system / settings.throughputEvents).toFixed(0)} µs in the kernel)`,
    );
    await measureLatency(' right after the throughput run', 'context, not judged');

    const retried = (await metrics.getSingleMetric('emporium_events_retried_total')?.get())?.values ?? [];
    console.log(
      `failures over the whole run: ${failures.relay} relay passes, ${failures.bus} bus errors, ${retried.reduce((sum, { value }) => sum + value, 0)} handlings sent to retry`,
    );
  } finally {
    await outbox.stop();
    await bus.close();
    await db.close();
    await testDb.drop();
  }
}

// Everything the run declares lives in its own vhost, deleted at the end.
await inOwnBrokerVhost(main);
