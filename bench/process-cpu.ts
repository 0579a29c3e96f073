// CPU time per process group over a measured window, read from Linux's /proc: what each service,
// database and broker spent on the work a benchmark drove. Divided by the operations done, it
// says where the machine's cores go, and how many operations per second they can carry at most.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Names the group a process belongs to from its command line, or undefined to leave it out. */
export type Grouping = (commandLine: string, pid: number) => string | undefined;

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/**
 * CPU milliseconds (user + system) used so far by every live process, by pid, with that of its
 * ended children it has reaped: PostgreSQL's autovacuum workers and other short-lived processes
 * start and end within a window, and would otherwise never be seen.
 */
function cpuByPid(): Map<number, { commandLine: string; ms: number }> {
  const found = new Map<number, { commandLine: string; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name (which may contain spaces): utime is the 12th,
      // stime the 13th, then cutime and cstime (reaped children).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.set(pid, { commandLine, ms: (ticks * 1000) / ticksPerSecond });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Starts a window; `stop()` returns CPU milliseconds per group spent since, largest first. */
export function measureProcessCpu(group: Grouping) {
  const before = cpuByPid();
  return {
    stop(): [string, number][] {
      const spent = new Map<string, number>();
      for (const [pid, now] of cpuByPid()) {
        const name = group(now.commandLine, pid);
        if (!name) continue;
        const delta = now.ms - (before.get(pid)?.ms ?? 0);
        if (delta > 0) spent.set(name, (spent.get(name) ?? 0) + delta);
      }
      return [...spent].sort((a, b) => b[1] - a[1]);
    },
  };
}
