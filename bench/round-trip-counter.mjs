// Counts what a service process sends to its databases and answers over HTTP, to learn how many
// round trips a benchmark's unit of work costs: SQL statements (by their first words, as
// node-postgres sends them) and requests served (by method and route, ids folded). A V8 profile
// shows where CPU goes but not how often each statement runs; these counts do.
// Loaded before the service's code through STACK_NODE_ARGS (a plain module: tsx is not yet
// registered then), e.g.
//   ROUND_TRIP_DIR=/tmp/trips STACK_NODE_ARGS="--import ./bench/round-trip-counter.mjs" \
//     npx tsx bench/checkout.ts --smoke
// Each process writes ROUND_TRIP_DIR/<service>-<pid>.txt, most frequent first, every 2 s and at
// exit; divide by the benchmark's confirmed checkouts (its setup, e.g. filling carts, counts too).
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

const dir = process.env.ROUND_TRIP_DIR ?? '/tmp/round-trips';
const service = /services\/([^/]+)\//.exec(process.argv[1] ?? '')?.[1] ?? 'process';
const counts = new Map();
const count = (what) => counts.set(what, (counts.get(what) ?? 0) + 1);

// The service's own node-postgres: the one its platform package resolves.
const pg = createRequire(new URL('../packages/platform/package.json', import.meta.url))('pg');
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  count(`sql ${text.replace(/\s+/g, ' ').trim().slice(0, 100)}`);
  return query.call(this, config, ...rest);
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function countedEmit(event, request, ...rest) {
  if (event === 'request') {
    const route = request.url.replace(/\?.*/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
    count(`http ${request.method} ${route}`);
  }
  return emit.call(this, event, request, ...rest);
};

function write() {
  const lines = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([what, n]) => `${String(n).padStart(8)}  ${what}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${service}-${process.pid}.txt`, `${lines.join('\n')}\n`);
}
process.on('exit', write);
setInterval(write, 2000).unref();
