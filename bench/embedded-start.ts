// How fast `npm start` is ready and how much memory its platform process holds: runs
// scripts/start.mjs as a newcomer does, on a data folder of its own, and samples the platform
// process's resident memory (VmRSS) every 0.2 s until it has been ready for a while.
//   npx tsx bench/embedded-start.ts [--data DIR] [--runs N] [--settle SECONDS]
// With --data on a folder a previous start seeded, every run is a second start; without it the
// first run seeds a fresh folder (removed at the end) and the later runs are second starts.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    runs: { type: 'string', default: '3' },
    settle: { type: 'string', default: '10' },
  },
});
const settleMs = Number(values.settle) * 1000;

interface StartRun {
  readySeconds: number;
  printedMb: number;
  /** The platform process's own peak (VmHWM) when it said it was ready. */
  peakAtReadyMb: number;
  /** The platform process plus any child it ran (initdb), sampled. */
  treePeakMb: number;
  /** VmRSS after it had been ready for --settle seconds. */
  steadyMb: number;
  load: string;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function treeRssKb(pid: number): number {
  return statusKb(pid, 'VmRSS') + childrenOf(pid).reduce((sum, child) => sum + treeRssKb(child), 0);
}

const mb = (kb: number) => Math.round(kb / 1024);

async function startOnce(dataDir: string, portBase: number): Promise<StartRun> {
  const launcher: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, EMPORIUM_DATA_DIR: dataDir, EMPORIUM_PORT_BASE: String(portBase) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  launcher.stdout?.on('data', (chunk) => (output += chunk));
  launcher.stderr?.on('data', (chunk) => (output += chunk));
  let treePeak = 0;
  let platformPid: number | undefined;
  let readyAt: number | undefined;
  let peakAtReady = 0;
  try {
    for (;;) {
      if (launcher.exitCode !== null) throw new Error(`the platform exited:\n${output}`);
      platformPid ??= childrenOf(launcher.pid!)[0];
      if (platformPid) treePeak = Math.max(treePeak, treeRssKb(platformPid));
      if (readyAt === undefined && /is up in/.test(output) && platformPid) {
        readyAt = Date.now();
        peakAtReady = statusKb(platformPid, 'VmHWM');
      }
      if (readyAt !== undefined && Date.now() - readyAt >= settleMs) break;
      await sleep(200);
    }
    const [, seconds, printed] = /is up in ([\d.]+) s, using (\d+) MB/.exec(output) ?? [];
    return {
      readySeconds: Number(seconds),
      printedMb: Number(printed),
      peakAtReadyMb: mb(peakAtReady),
      treePeakMb: mb(treePeak),
      steadyMb: mb(statusKb(platformPid!, 'VmRSS')),
      load: loadavg()
        .map((value) => value.toFixed(1))
        .join(' '),
    };
  } finally {
    if (launcher.exitCode === null) {
      const exited = new Promise((done) => launcher.once('exit', done));
      launcher.kill('SIGTERM');
      await exited;
    }
  }
}

const ownFolder = values.data === undefined;
const dataDir = values.data ? resolve(values.data) : mkdtempSync(join(tmpdir(), 'emporium-start-'));
const portBase = 30_000 + 10 * Math.floor(Math.random() * 400);
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const result = await startOnce(dataDir, portBase);
    console.log(JSON.stringify({ run: run + 1, ...result }));
  }
} finally {
  if (ownFolder) rmSync(dataDir, { recursive: true, force: true });
}
