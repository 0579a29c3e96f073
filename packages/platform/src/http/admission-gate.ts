// Admission control for expensive requests: at most `limit` of them run at once, a few more wait
// in a short first-come queue for at most `queueWaitMs`, and the rest are refused at once with a
// 503 problem and Retry-After, before any of their work starts. Without a bound, a machine that
// confirms fewer requests per second than arrive lets every one of them in: they share the CPU,
// each takes longer, and the backlog (and every answer's latency) grows for as long as the surge
// lasts. With the bound, the admitted ones take about their unloaded time plus at most the queue
// wait, and the surplus learns at once that it should come back, having changed nothing.
import { Counter, Gauge, type Registry } from 'prom-client';
import { HttpProblem } from '../problems.js';

export interface AdmissionGateOptions {
  /** How many may run at once. */
  limit: number;
  /** How many may wait for a place; beyond it a request is refused at once. */
  queueLength: number;
  /** How long one may wait for a place before it is refused. */
  queueWaitMs: number;
  /** The refusal's problem type slug, e.g. `checkout-busy`. */
  slug: string;
  /** The refusal's detail: what is busy and that the same request may be sent again. */
  detail: string;
  /** Where the gate reports its places in use, its queue and its refusals, labelled by slug. */
  metrics?: Registry;
}

export interface AdmissionGate {
  /**
   * Runs `work` once admitted; throws the 503 problem (nothing run) if it is not. A request whose
   * client has gone (`abandoned` aborted) leaves the queue at once and is never run: its place
   * goes to one that still waits for an answer.
   */
  run<T>(work: () => Promise<T>, abandoned?: AbortSignal): Promise<T>;
  readonly running: number;
  readonly queued: number;
}

/** The weight of the newest hold time in the running mean that Retry-After is estimated from. */
const HOLD_SMOOTHING = 0.1;
/** Retry-After never promises less than a second (its unit) nor asks for more than this. */
const MAX_RETRY_AFTER_SECONDS = 30;

interface Waiter {
  admit(): void;
}

/** What `run` throws for a request whose client left before it was admitted: nobody reads it. */
export class ClientGone extends Error {
  constructor() {
    super('the client left before its request was admitted');
    this.name = 'ClientGone';
  }
}

export function createAdmissionGate(options: AdmissionGateOptions): AdmissionGate {
  const { limit, queueLength, queueWaitMs } = options;
  if (!(limit >= 1)) throw new Error('an admission gate needs a limit of at least 1');
  let running = 0;
  const queue: Waiter[] = [];
  let meanHoldMs = 0;

  /**
   * Roughly when a place frees for a newcomer: the work ahead of it (running and queued) drained
   * `limit` at a time at the mean time one holds its place.
   */
  function retryAfterSeconds(): number {
    const drainMs = ((running + queue.length) / limit) * meanHoldMs;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  const refused = options.metrics
    ? gateMetrics(options.metrics, options.slug, () => ({ running, queued: queue.length }))
    : undefined;

  function refusal(reason: 'queue-full' | 'wait-expired'): HttpProblem {
    refused?.inc({ gate: options.slug, reason });
    return new HttpProblem(503, options.slug, 'Service unavailable', options.detail, {
      retryAfter: retryAfterSeconds(),
    });
  }

  function clientGone(): ClientGone {
    refused?.inc({ gate: options.slug, reason: 'client-gone' });
    return new ClientGone();
  }

  function release(heldMs: number): void {
    meanHoldMs = meanHoldMs === 0 ? heldMs : meanHoldMs + HOLD_SMOOTHING * (heldMs - meanHoldMs);
    running--;
    // The place goes straight to the longest waiter, so a newcomer cannot overtake the queue.
    queue.shift()?.admit();
  }

  function admission(abandoned: AbortSignal | undefined): Promise<void> {
    if (abandoned?.aborted) return Promise.reject(clientGone());
    if (running < limit && queue.length === 0) {
      running++;
      return Promise.resolve();
    }
    if (queue.length >= queueLength) return Promise.reject(refusal('queue-full'));
    return new Promise((resolve, reject) => {
      const leave = (reason: Error) => {
        clearTimeout(timer);
        abandoned?.removeEventListener('abort', onAbandoned);
        queue.splice(queue.indexOf(waiter), 1);
        reject(reason);
      };
      const onAbandoned = () => leave(clientGone());
      const waiter: Waiter = {
        admit() {
          clearTimeout(timer);
          abandoned?.removeEventListener('abort', onAbandoned);
          running++;
          resolve();
        },
      };
      const timer = setTimeout(() => leave(refusal('wait-expired')), queueWaitMs);
      abandoned?.addEventListener('abort', onAbandoned, { once: true });
      queue.push(waiter);
    });
  }

  return {
    async run<T>(work: () => Promise<T>, abandoned?: AbortSignal): Promise<T> {
      await admission(abandoned);
      const admittedAt = performance.now();
      try {
        return await work();
      } finally {
        release(performance.now() - admittedAt);
      }
    },
    get running() {
      return running;
    },
    get queued() {
      return queue.length;
    },
  };
}

/** Places in use and waiters, read when scraped; refusals by reason. */
function gateMetrics(
  registry: Registry,
  gate: string,
  state: () => { running: number; queued: number },
): Counter<'gate' | 'reason'> {
  const registers = [registry];
  new Gauge({
    name: 'emporium_admission_running',
    help: 'Requests admitted by an admission gate and still running',
    labelNames: ['gate'],
    registers,
    collect() {
      this.set({ gate }, state().running);
    },
  });
  new Gauge({
    name: 'emporium_admission_queued',
    help: 'Requests waiting at an admission gate for a place',
    labelNames: ['gate'],
    registers,
    collect() {
      this.set({ gate }, state().queued);
    },
  });
  return new Counter({
    name: 'emporium_admission_refused_total',
    help: 'Requests an admission gate turned away: queue-full and wait-expired answered 503, client-gone had no client left',
    labelNames: ['gate', 'reason'],
    registers,
  });
}
