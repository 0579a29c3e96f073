// How fast `npm start` is ready and how much memory its platform process holds: runs
// scripts/start.mjs as a newcomer does, on a data folder of its own, and samples the platform
// process's resident memory (VmRSS) every 0.2 s until it has been ready for a while.
//   npx tsx bench/embedded-start.ts [--data DIR] [--runs N] [--settle SECONDS] [--checkout DIR]
// With --data on a folder a previous start seeded, every run is a second start; without it the
// first run seeds a fresh folder (removed at the end) and the later runs are second starts.
// --checkout runs another checkout's npm start (an older commit unpacked beside, for a before/after).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { smoke } from './smoke-mode.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    runs: { type: 'string', default: smoke ? '2' : '3' },
    settle: { type: 'string', default: smoke ? '1' : '15' },
    checkout: { type: 'string' },
    smoke: { type: 'boolean' },
  },
});
const root = resolve(values.checkout ?? resolve(import.meta.dirname, '..'));
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

/** The launcher's node child is the platform; another child may be esbuild, bundling. */
function runsNode(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/exe`) === realpathSync(process.execPath);
  } catch {
    return false;
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
      platformPid ??= childrenOf(launcher.pid!).find(runsNode);
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
console.log(`npm start of ${root}, data in ${dataDir}; resident memory of the platform process`);
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const kind = existsSync(join(dataDir, 'catalog-seeded')) ? 'second start' : 'first run';
    const r = await startOnce(dataDir, portBase);
    const children = kind === 'first run' ? `, with its children ${r.treePeakMb} MB` : '';
    console.log(
      `${kind}: ready ${r.readySeconds} s, ${r.printedMb} MB (peak ${r.peakAtReadyMb} MB${children}), ` +
        `${r.steadyMb} MB ${values.settle} s later; load average ${r.load}`,
    );
  }
} finally {
  if (ownFolder) rmSync(dataDir, { recursive: true, force: true });
}
