// Local proof of the blue-green logic in switch.sh / rollback.sh, with no cluster and no
// dependencies: two "colours" are tiny HTTP servers on 127.0.0.1, a switchable proxy plays the
// public Service, and a load generator keeps requests in flight through every switch.
//   node deploy/bluegreen/simulate.mjs
// It checks that (1) a switch to a healthy colour fails zero requests, (2) a rollback to the
// previous colour fails zero requests, (3) a release whose health gate fails is never switched
// to and live traffic is untouched. A control round first redeploys the naive way (stop the
// old release, then start the new one) to show the load generator does see failures.
// Exits non-zero if any of that does not hold.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const GATE_PASSES = 3; // consecutive ready answers, as GATE_PASSES in lib.sh

// One colour running one release. `ready` is what /health/ready reports.
async function startColour(colour, release, { ready = true } = {}) {
  const server = http.createServer((req, res) => {
    if (req.url === '/health/live') return void res.end('ok');
    if (req.url === '/health/ready') {
      res.statusCode = ready ? 200 : 503;
      return void res.end(ready ? 'ok' : 'not ready');
    }
    // A little latency so requests are really in flight while the switch happens.
    setTimeout(() => res.end(JSON.stringify({ colour, release })), 5);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    colour,
    release,
    port: server.address().port,
    close: () => closeServer(server),
    // What a plain stop does to a process: open connections and in-flight requests die.
    kill: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function closeServer(server) {
  server.closeIdleConnections();
  return new Promise((resolve) => server.close(resolve));
}

// The public Service: forwards each request to whatever colour it selects right now.
async function startProxy(initial) {
  const proxy = { target: initial };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: proxy.target.port, path: req.url, method: req.method, agent },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.statusCode = 502;
      res.end('bad gateway');
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = server.address().port;
  proxy.close = () => {
    agent.destroy();
    return closeServer(server);
  };
  return proxy;
}

function get(port, path, agent) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: String(error) }));
  });
}

// Shoppers: `concurrency` loops sending requests through the proxy until stopped.
function startLoad(proxy, concurrency = 8) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const stats = { sent: 0, failed: 0, byRelease: {} };
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const { status, body } = await get(proxy.port, '/products', agent);
      stats.sent++;
      if (status !== 200) {
        stats.failed++;
        continue;
      }
      const { release } = JSON.parse(body);
      stats.byRelease[release] = (stats.byRelease[release] ?? 0) + 1;
    }
  });
  return {
    stats,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

// The health gate of lib.sh: GATE_PASSES consecutive ready answers, within `attempts` tries.
async function healthGate(colour, attempts = 10) {
  let passes = 0;
  for (let i = 0; i < attempts; i++) {
    const { status } = await get(colour.port, '/health/ready');
    passes = status === 200 ? passes + 1 : 0;
    if (passes >= GATE_PASSES) return true;
    await sleep(20);
  }
  return false;
}

const results = [];
function check(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

// One release, the way switch.sh does it: start the idle colour, gate it, switch or refuse.
async function release(proxy, colours, live, newRelease, { ready = true } = {}) {
  const idleName = live === 'blue' ? 'green' : 'blue';
  await colours[idleName]?.close(); // the old idle colour is replaced by the new release
  colours[idleName] = await startColour(idleName, newRelease, { ready });
  if (!(await healthGate(colours[idleName]))) return live; // gate failed: nothing switched
  proxy.target = colours[idleName];
  return idleName;
}

async function main() {
  // 0. Control: the naive redeploy of v0 -> v1 in place, with a gap, under load.
  const v0 = await startColour('blue', 'v0');
  const proxy = await startProxy(v0);
  let load = startLoad(proxy);
  await sleep(200);
  await v0.kill();
  await sleep(50); // the new process takes a moment to start
  const colours = { blue: await startColour('blue', 'v1') };
  proxy.target = colours.blue;
  await sleep(200);
  await load.stop();
  check(
    'control: stop-then-start redeploy fails requests (the harness sees failures)',
    load.stats.failed > 0,
    `${load.stats.sent} requests, ${load.stats.failed} failed`,
  );
  let live = 'blue';

  // 1. v2 goes out as green while shoppers keep buying.
  load = startLoad(proxy);
  await sleep(300);
  live = await release(proxy, colours, live, 'v2');
  await sleep(300);
  await load.stop();
  check(
    'switch blue(v1) -> green(v2) under load',
    live === 'green' && load.stats.failed === 0 && load.stats.byRelease.v1 > 0 && load.stats.byRelease.v2 > 0,
    `${load.stats.sent} requests, ${load.stats.failed} failed, served by ${JSON.stringify(load.stats.byRelease)}`,
  );
  check('old colour kept for rollback', (await get(colours.blue.port, '/health/ready')).status === 200);

  // 2. Rollback: blue still runs v1, so going back is only a selector change.
  load = startLoad(proxy);
  await sleep(300);
  const gateOk = await healthGate(colours.blue);
  if (gateOk) {
    proxy.target = colours.blue;
    live = 'blue';
  }
  await sleep(300);
  await load.stop();
  check(
    'rollback green(v2) -> blue(v1) under load',
    gateOk &&
      live === 'blue' &&
      load.stats.failed === 0 &&
      load.stats.byRelease.v2 > 0 &&
      load.stats.byRelease.v1 > 0,
    `${load.stats.sent} requests, ${load.stats.failed} failed, served by ${JSON.stringify(load.stats.byRelease)}`,
  );

  // 3. v3 never becomes ready (say, it cannot reach its database): the gate stops it.
  load = startLoad(proxy);
  await sleep(300);
  live = await release(proxy, colours, live, 'v3', { ready: false });
  await sleep(300);
  await load.stop();
  check(
    'v3 fails the health gate: never switched to, live stays blue(v1)',
    live === 'blue' && load.stats.failed === 0 && !load.stats.byRelease.v3,
    `${load.stats.sent} requests, ${load.stats.failed} failed, served by ${JSON.stringify(load.stats.byRelease)}`,
  );

  await proxy.close();
  await Promise.all(Object.values(colours).map((c) => c.close()));
  const failed = results.filter((ok) => !ok).length;
  console.log(`blue-green simulation: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
