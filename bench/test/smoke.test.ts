// Every benchmark still starts, runs and prints its results: each runs in smoke mode (a few
// seconds, small counts) as a child process, two at a time, and must exit 0 having printed its
// result lines. The numbers themselves are not judged: on a shared 2-core machine a few seconds
// measure nothing reliably; bench/README.md holds the real runs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const number = String.raw`-?[\d.]+`;
/** A `ratio:` line (bench/smoke-mode.ts) for `what`. */
const ratio = (what: string) =>
  new RegExp(String.raw`^ratio: ${what} = ${number}% of .+\)( → (met|MISSED))?$`, 'm');

const benchmarks: { file: string; lines: RegExp[] }[] = [
  {
    file: 'bench/gateway.ts',
    lines: [
      /^edge cache check: repeated read x-cache=HIT, no-cache read x-cache=MISS$/m,
      new RegExp(
        `^baseline: bare Fastify \\+ undici proxy hop +${number} +${number} +${number} +0 +${number}$`,
        'm',
      ),
      new RegExp(
        `^gateway, uncached, signed in \\(headline\\) +${number} +${number} +${number} +0 +${number}$`,
        'm',
      ),
      ratio('gateway answers per CPU second, uncached and signed in'),
      ratio('gateway req/s, uncached and signed in'),
      ratio('gateway req/s, uncached and anonymous'),
      /^p99 added over the direct read: .+ → (met|MISSED)/m,
    ],
  },
  {
    file: 'bench/product.ts',
    lines: [
      /^bare Fastify constant \(baseline\) +\d+ req\/s/m,
      /^search, cold cache +\d+ req\/s/m,
      /^product detail, cold cache \(sequential, \d+ products\): p50/m,
      ratio('warm product detail req/s'),
    ],
  },
  {
    file: 'bench/events.ts',
    lines: [
      /^baseline, bare RabbitMQ confirmed publish \+ acked consume: \d+ events\/s/m,
      /^throughput: \d+ events\/s end to end/m,
      ratio('end-to-end events/s'),
      /^latency at 1000 events\/s for 1 s: p50 \d+ ms, p99 \d+ ms/m,
    ],
  },
  {
    file: 'services/notification/bench/delivery.ts',
    lines: [
      /^event → SSE push: +p50/m,
      /^baseline bus round trip: p50/m,
      ratio('event → SSE push p99'),
      /^events → mails delivered: 20 in \d+ ms/m,
      ratio('mails/s through the pipeline'),
    ],
  },
  {
    file: 'bench/auth.ts',
    lines: [
      /^raw argon2id hashes\/s \(baseline\) +[\d.]+/m,
      /^logins\/s +[\d.]+ +\(/m,
      /^refreshes\/s +[\d.]+ +\(target >= 2000/m,
      ratio('logins/s'),
      ratio('refreshes/s'),
    ],
  },
  {
    file: 'bench/checkout.ts',
    lines: [
      /^baseline: GET \/orders\/:id \d+ req\/s/m,
      /^throughput: [\d.]+ confirmed checkouts\/s/m,
      ratio('confirmed checkouts/s'),
      /^plain checkouts \(DE, standard shipping, no coupon; interleaved\): [\d.]+ confirmed\/s/m,
      ratio('CPU per taxed checkout with shipping and a coupon'),
      /^time to confirmed with 100 checkouts\/s arriving .+, shed \d+ of \d+ arrivals .+; admitted p50/m,
      // Not a timing: after any run, no unit oversold and no reservation or charge left behind.
      /^integrity: OK$/m,
    ],
  },
  {
    file: 'bench/coupon-crowd.ts',
    lines: [
      /^answers: .+; retried under the same key: \d+ busy \(503[^)]*\), \d+ failed connections/m,
      /^refusals: \d+ coupon-limit-reached/m,
      /^confirmed orders with the coupon: \d+ /m,
      /^promotion's counted uses: \d+ /m,
      /^stock taken: \d+ units for \d+ confirmed orders/m,
      /^charges: \d+ held .+ for \d+ confirmed orders/m,
      /^crowd: 60 checkouts in [\d.]+ s from the first request to the last settled order: [\d.]+ checkouts\/s/m,
      /^exactly 6 of 60 used the coupon → (MET|MISSED)/m,
      ratio('confirmed orders with the coupon'),
      // Not a timing: uses, stock and charges match the confirmed orders (the exit code says so too).
      /^conservation: OK$/m,
    ],
  },
  {
    file: 'bench/promotions.ts',
    lines: [/^engine +without: p50 /m, /^service +without: p50 /m, /^target (met|missed)/m],
  },
  {
    file: 'bench/media.ts',
    lines: [
      /^bare static file server \(baseline\) +\d+ req\/s/m,
      /^card picture through the gateway +\d+ req\/s/m,
      /^listing of 12 through the gateway: \d+ bytes of JSON/m,
      ratio('picture req/s through the gateway'),
    ],
  },
  {
    file: 'bench/embedded-start.ts',
    lines: [/^first run: ready [\d.]+ s, \d+ MB/m, /^second start: ready [\d.]+ s, \d+ MB/m],
  },
  {
    file: 'bench/web.ts',
    lines: [
      /^ {2}eager from index\.html: [\d.]+ KB/m,
      /^ {2}baseline \(empty\) +\d+ +\d+/m,
      /^ {2}home +\d+ +\d+/m,
      ratio('home performance score'),
    ],
  },
];

/** Runs one benchmark in smoke mode; resolves with its exit code and everything it printed. */
function runSmoke(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, '--smoke'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SMOKE: '1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    // A benchmark that hangs fails its test instead of holding the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Two at a time: each starts several processes, and the machine has two cores. */
function twoAtATime() {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

describe.concurrent('benchmarks in smoke mode', () => {
  const slot = twoAtATime();
  for (const { file, lines } of benchmarks) {
    it(`${file} runs and prints its results`, { timeout: 900_000 }, async () => {
      const { code, output } = await slot(() => runSmoke(file));
      expect({ code, tail: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
      for (const line of lines) expect(output).toMatch(line);
    });
  }
});
