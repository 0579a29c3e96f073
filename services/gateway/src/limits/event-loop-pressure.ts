// Whether the gateway's event loop is saturated, judged from the mean lag of each sample interval
// over the last few intervals. One stall (a long garbage collection, start-up, the process
// descheduled for a second on a busy node) lands in a single interval and is over by the time it
// is measured, so it sheds nothing; only lag in every one of the last `intervals` intervals does.
// Judging one interval alone refused a whole interval of requests after a stall that had ended.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

export interface EventLoopPressureOptions {
  maxDelayMs: number;
  sampleIntervalMs: number;
  /** Consecutive intervals whose mean lag must exceed maxDelayMs before requests are shed. */
  intervals: number;
}

export class EventLoopPressure {
  private readonly recent: number[] = [];
  private histogram: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventLoopPressureOptions) {}

  start(): void {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.timer = setInterval(() => this.record(this.takeSample()), this.options.sampleIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram?.disable();
  }

  /** Adds one interval's mean lag; the oldest beyond the window is forgotten. */
  record(lagMs: number): void {
    this.recent.push(lagMs);
    if (this.recent.length > this.options.intervals) this.recent.shift();
  }

  get overloaded(): boolean {
    return (
      this.recent.length === this.options.intervals &&
      this.recent.every((lagMs) => lagMs > this.options.maxDelayMs)
    );
  }

  private takeSample(): number {
    const histogram = this.histogram!;
    // No sample at all means the loop was blocked for the whole interval.
    const lagMs = histogram.count === 0 ? Number.POSITIVE_INFINITY : histogram.mean / 1e6 - RESOLUTION_MS;
    histogram.reset();
    return Math.max(0, lagMs);
  }
}
