// `--hog` for the load benchmarks: a busy-loop process pinned to one core for the whole run, so the
// tail latencies printed are those of a machine where a neighbour takes a core away (as the other
// work on a shared host does), next to the same benchmark run without it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const hogRequested = process.argv.includes('--hog') || process.env.BENCH_HOG === '1';

export interface CpuHog {
  /** Says what runs beside the benchmark, for its settings line. */
  description: string;
  stop(): void;
}

/** Starts the hog when `--hog` (or BENCH_HOG=1) was given; otherwise does nothing. */
export function startCpuHogIfRequested(): CpuHog {
  if (!hogRequested) return { description: 'no CPU hog', stop() {} };
  // The last core: the first is where the kernel tends to place interrupts and new processes.
  const core = availableParallelism() - 1;
  const loop = [process.execPath, '-e', 'for (;;) {}'];
  const pinned = spawnSync('taskset', ['--version']).status === 0;
  const child: ChildProcess = pinned
    ? spawn('taskset', ['-c', String(core), ...loop], { stdio: 'ignore' })
    : spawn(loop[0]!, loop.slice(1), { stdio: 'ignore' });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  // A hog that outlived its benchmark would skew every later run on the machine.
  process.once('exit', stop);
  return {
    description: pinned
      ? `a CPU hog (busy loop) pinned to core ${core} for the whole run`
      : 'a CPU hog (busy loop, unpinned: taskset is missing) for the whole run',
    stop,
  };
}
