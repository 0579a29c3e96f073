// Reads a V8 .cpuprofile (as `BENCH_CPU_PROF_DIR` writes them) and prints where the time went,
// bottom-up: self time by package or file and by function, inclusive time by package or file, and
// inclusive time of the functions whose file matches `--own` (the gateway's own code by default).
//
// A benchmark's profile holds several runs one after the other. `--timeline` prints how busy the
// process was each second, so the runs show as busy stretches; `--windows` keeps only those
// seconds, and `--answers` (how many answers the process gave in them) turns times into µs per
// answer. `--compare` reads a second profile the same way (`--compare-windows`,
// `--compare-answers`) and prints both side by side, largest difference first: e.g. the gateway
// against the bare hop, per answer. Idle time is left out of every table.
//
//   npx tsx bench/cpu-profile.ts <file.cpuprofile> [--timeline] [--windows=18.5-24.5,53.5-59.5]
//     [--answers=N] [--own=services/gateway/] [--top=40]
//     [--compare=<other.cpuprofile> --compare-windows=… --compare-answers=N]
//
// Node writes two profiles per process under tsx: the one with the most samples outside idle is
// the server's main thread (the other is tsx's compiler thread).
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const file = args.find((arg) => !arg.startsWith('--'));
if (!file) throw new Error('usage: bench/cpu-profile.ts <file.cpuprofile> [options, see the file]');
const own = option('own') ?? 'services/gateway/';
const top = Number(option('top') ?? '40');

/** Where a frame's code lives: a package name for node_modules, node's own modules, or the file. */
function placeOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return url;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scopeOrName, name] = url.slice(modules + 14).split('/');
    return scopeOrName?.startsWith('@') ? `${scopeOrName}/${name}` : (scopeOrName ?? url);
  }
  return url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
}
// tsx compiles each file to one line, so a gateway function is named by its file only.
const functionOf = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} ${placeOf(frame.url)}:${frame.lineNumber + 1}`;

/** Seconds since the profile's start, "a-b,c-d". */
function parseWindows(text: string | undefined): [number, number][] | undefined {
  return text?.split(',').map((range) => {
    const [from, to] = range.split('-').map(Number);
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error(`bad window "${range}"`);
    return [from! * 1e6, to! * 1e6];
  });
}

interface Summary {
  busyUs: number;
  perAnswer: number;
  selfByPlace: Map<string, number>;
  selfByFunction: Map<string, number>;
  inclusiveByPlace: Map<string, number>;
  inclusiveOwn: Map<string, number>;
}

function summarise(path: string, windows: [number, number][] | undefined, answers: number): Summary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const summary: Summary = {
    busyUs: 0,
    perAnswer: answers > 0 ? answers : 1,
    selfByPlace: new Map(),
    selfByFunction: new Map(),
    inclusiveByPlace: new Map(),
    inclusiveOwn: new Map(),
  };
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const busyBySecond = new Map<number, [idle: number, busy: number]>();
  let elapsed = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const us = profile.timeDeltas[index] ?? 0;
    elapsed += us;
    const leaf = byId.get(profile.samples[index]!)!;
    const idle = leaf.callFrame.functionName === '(idle)';
    const second = Math.floor(elapsed / 1e6);
    const shares = busyBySecond.get(second) ?? [0, 0];
    shares[idle ? 0 : 1] += us;
    busyBySecond.set(second, shares);
    if (idle || (windows && !windows.some(([from, to]) => elapsed >= from && elapsed < to))) continue;
    summary.busyUs += us;
    add(summary.selfByFunction, functionOf(leaf.callFrame), us);
    add(summary.selfByPlace, placeOf(leaf.callFrame.url), us);
    // Inclusive: each function and each place on the stack once, however deep it recurses.
    const seenFunctions = new Set<string>();
    const seenPlaces = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!.callFrame;
      const place = placeOf(frame.url);
      if (!seenPlaces.has(place)) add(summary.inclusiveByPlace, place, us);
      seenPlaces.add(place);
      if (!frame.url.includes(own)) continue;
      const name = functionOf(frame);
      if (!seenFunctions.has(name)) add(summary.inclusiveOwn, name, us);
      seenFunctions.add(name);
    }
  }
  if (args.includes('--timeline')) {
    const line = [...busyBySecond]
      .map(([second, [idle, busy]]) => `${second}:${Math.round((100 * busy) / (idle + busy || 1))}%`)
      .join(' ');
    console.log(`${path}, busy share per second since the start:\n${line}\n`);
  }
  return summary;
}

const main = summarise(file, parseWindows(option('windows')), Number(option('answers') ?? '0'));
const otherFile = option('compare');
const other = otherFile
  ? summarise(otherFile, parseWindows(option('compare-windows')), Number(option('compare-answers') ?? '0'))
  : undefined;
const unit = main.perAnswer > 1 ? 'µs/answer' : 'ms';
const scale = (us: number, summary: Summary) => (summary.perAnswer > 1 ? us / summary.perAnswer : us / 1000);

function print(title: string, pick: (summary: Summary) => Map<string, number>) {
  const mine = pick(main);
  const theirs = other ? pick(other) : new Map<string, number>();
  const names = new Set([...mine.keys(), ...theirs.keys()]);
  const value = (name: string) => scale(mine.get(name) ?? 0, main);
  const otherValue = (name: string) => (other ? scale(theirs.get(name) ?? 0, other) : 0);
  const rows = [...names].sort((a, b) => value(b) - otherValue(b) - (value(a) - otherValue(a))).slice(0, top);
  console.log(`\n${title} (${unit}${other ? '; this profile, the compared one' : ''})`);
  for (const name of rows) {
    const share = ((100 * (mine.get(name) ?? 0)) / (main.busyUs || 1)).toFixed(1).padStart(5);
    const compared = other ? otherValue(name).toFixed(2).padStart(9) : '';
    console.log(`${value(name).toFixed(2).padStart(9)}${compared}  ${share}%  ${name}`);
  }
}

const total = (summary: Summary) => `${scale(summary.busyUs, summary).toFixed(1)} ${unit}`;
console.log(
  `${file}: ${total(main)} busy${other ? `; ${otherFile}: ${total(other)}` : ''} (sampled; the profiler adds its own cost)`,
);
print('self time by package or file', (summary) => summary.selfByPlace);
print('self time by function', (summary) => summary.selfByFunction);
print('inclusive time by package or file (what it called included)', (summary) => summary.inclusiveByPlace);
if (!other)
  print(`inclusive time of functions in files matching "${own}"`, (summary) => summary.inclusiveOwn);
