// EMPORIUM_START_TRACE=1 prints where a start spends its time and memory, one line a phase:
// milliseconds since the process began and of CPU used (on a busy machine the second says more),
// resident memory, and V8's split of it (JavaScript heap,
// memory outside it such as PGlite's WebAssembly heap and image buffers).
import { readFileSync } from 'node:fs';

const enabled = Boolean(process.env.EMPORIUM_START_TRACE);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function peakResidentMb(): number {
  const match = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/** Prints `phase` with the time and memory so far, when tracing is on. */
export function tracePhase(phase: string): void {
  if (!enabled) return;
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  const cpuMs = ((user + system) / 1000).toFixed(0).padStart(6);
  process.stderr.write(
    `[start] ${performance.now().toFixed(0).padStart(6)} ms (CPU ${cpuMs} ms)  ${phase.padEnd(22)} rss ${mb(rss)} MB (peak ${peakResidentMb()})  heap ${mb(heapUsed)}/${mb(heapTotal)}  external ${mb(external)} (array buffers ${mb(arrayBuffers)})\n`,
  );
}
