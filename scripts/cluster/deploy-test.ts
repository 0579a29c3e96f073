// The deployment test (`npm run test:deploy`, after cluster:up and deploy-local.sh): everything
// goes through the cluster's gateway on 127.0.0.1:30080, as a shopper's browser would.
//   1. the shopper journey: sign up, search, cart, checkout, the notification feed;
//   2. one of two order pods is deleted while shoppers check out: no checkout may fail;
//   3. every notification pod is killed at once (no grace period, so no draining either) while
//      shoppers check out: checkouts go on, the feed answers 503 while no pod is ready
//      (readiness keeps requests off the starting one) or 200, never anything else, and once
//      back it shows the confirmation of an order placed while it was away (held in RabbitMQ);
//   4. blue-green (deploy/bluegreen through scripts/cluster/bluegreen.sh): the first release as a
//      colour (RELEASE_TAG), without traffic, then overlays/local's uncoloured apps scaled to zero;
//      then, while shoppers check out and read the catalog, a switch to the next release
//      (NEXT_RELEASE_TAG) on the other colour and a rollback. After each, the public Services
//      select the expected colour and only its pods stand behind them; under traffic, no request
//      may have failed and that colour's gateway serves the traffic.
//      The first release runs without traffic because overlays/local is not a colour: its
//      internal Services select an app's pods by name alone, so they take in the new colour's
//      pods as each turns ready, and live checkouts reach a colour whose other services are
//      still starting. Between two colours that cannot happen (each calls its own Services),
//      which is the release a shop performs.
// Prints each phase's time; exits non-zero on the first broken promise.
import { call, eventually, refusedAndRetried } from './deploy-test/api.js';
import {
  apiRequestsServed,
  type Colour,
  gatewayPod,
  otherColour,
  PUBLIC_SERVICES,
  podsBehind,
  previousColour,
  runBlueGreen,
  selectedColour,
} from './deploy-test/bluegreen.js';
import { clusterDiagnostics, kubectl, podsOf, readyReplicas, waitRolledOut } from './deploy-test/kube.js';
import {
  adminToken,
  checkOut,
  confirmationInFeed,
  type Shopper,
  search,
  signUp,
  stockProduct,
  waitConfirmed,
} from './deploy-test/shopper.js';
import { ShopperTraffic } from './deploy-test/traffic.js';

const TRAFFIC_SHOPPERS = 3;
const timings: string[] = [];

async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  console.log(`[deploy-test] ${name}`);
  const result = await run();
  timings.push(`${name.padEnd(52)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

function assertNoFailures(what: string, failures: string[]): void {
  if (failures.length > 0) {
    throw new Error(`${what}: ${failures.length} failed request(s):\n  ${failures.join('\n  ')}`);
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/cluster/test-deploy.sh sets it)`);
  return value;
}

async function journey(): Promise<{ sku: string; word: string; shopper: Shopper }> {
  const admin = await adminToken();
  const { sku, word } = await stockProduct(admin, 100_000);
  const shopper = await signUp();
  await eventually(`product ${word} found by search`, async () =>
    (await search(word)).includes(word) ? true : undefined,
  );
  const orderId = await checkOut(shopper, sku);
  await waitConfirmed(shopper, orderId);
  const title = await confirmationInFeed(shopper, orderId);
  console.log(`[deploy-test] order ${orderId} confirmed; feed: "${title}"`);
  return { sku, word, shopper };
}

async function deleteOneOrderPod(sku: string, shoppers: Shopper[]): Promise<void> {
  kubectl('scale', 'deployment/order', '--replicas=2');
  waitRolledOut('order');
  const traffic = new ShopperTraffic(shoppers, sku);
  await eventually('checkouts flowing', async () =>
    traffic.confirmed >= shoppers.length ? true : undefined,
  );
  const [victim] = podsOf('order');
  if (!victim) throw new Error('no order pod to delete');
  kubectl('delete', victim, '--wait=false');
  console.log(`[deploy-test] deleted ${victim}`);
  const before = traffic.confirmed;
  await eventually(
    'a replacement order pod ready and checkouts going on',
    async () => (readyReplicas('order') === 2 && !podsOf('order').includes(victim) ? true : undefined),
    180_000,
  );
  await eventually('more checkouts after the replacement', async () =>
    traffic.confirmed >= before + shoppers.length * 2 ? true : undefined,
  );
  const report = await traffic.stop();
  console.log(`[deploy-test] ${report.confirmed} checkouts confirmed around the pod's deletion`);
  assertNoFailures('order pod deletion', report.failures);
  kubectl('scale', 'deployment/order', '--replicas=1');
}

async function deleteAllNotificationPods(sku: string, shoppers: Shopper[], reader: Shopper): Promise<void> {
  const traffic = new ShopperTraffic(shoppers, sku);
  await eventually('checkouts flowing', async () =>
    traffic.confirmed >= shoppers.length ? true : undefined,
  );
  const doomed = podsOf('notification');
  kubectl(
    'delete',
    'pods',
    '-l',
    'app.kubernetes.io/name=notification',
    '--grace-period=0',
    '--force',
    '--wait=false',
  );
  console.log(`[deploy-test] deleted ${doomed.join(', ')}`);
  const feedStatuses = new Map<number, number>();
  const whileDown: string[] = [];
  await eventually(
    'notification back and ready',
    async () => {
      const feed = await call('GET', '/api/v1/notifications', { token: reader.token });
      feedStatuses.set(feed.status, (feedStatuses.get(feed.status) ?? 0) + 1);
      if (feed.status !== 200 && feed.status !== 503) {
        throw new Error(
          `the feed answered ${feed.status} while notification restarted: ${JSON.stringify(feed.body).slice(0, 500)}`,
        );
      }
      if (feed.status === 503 && feed.body?.type === undefined)
        throw new Error('a 503 without a problem body');
      const replaced = podsOf('notification').every((pod) => !doomed.includes(pod));
      if (feed.status === 503 && whileDown.length === 0) whileDown.push(await checkOut(reader, sku));
      return replaced && readyReplicas('notification') >= 1 && feed.status === 200 ? true : undefined;
    },
    180_000,
  );
  console.log(
    `[deploy-test] feed answers while notification restarted: ${JSON.stringify([...feedStatuses])}`,
  );
  const report = await traffic.stop();
  assertNoFailures('notification pods deletion', report.failures);
  for (const orderId of whileDown) {
    await waitConfirmed(reader, orderId);
    await confirmationInFeed(reader, orderId);
    console.log(`[deploy-test] order ${orderId}, placed while notification was down, reached the feed`);
  }
}

/** The public Services select `colour`, and only its pods stand behind them. */
async function expectLive(colour: Colour): Promise<void> {
  for (const service of PUBLIC_SERVICES) {
    const selected = selectedColour(service);
    if (selected !== colour) throw new Error(`service/${service} selects "${selected}", not ${colour}`);
    await eventually(`only ${colour} pods behind service/${service}`, async () => {
      const pods = podsBehind(service);
      return pods.length > 0 && pods.every((pod) => pod.startsWith(`${service}-${colour}-`))
        ? true
        : undefined;
    });
  }
}

/**
 * One blue-green step under checkout and catalog traffic: `switch <tag>` moves the public
 * Services to the idle colour, `rollback` back to the previous one. Returns the live colour.
 */
async function blueGreenStep(
  step: ['switch', string] | ['rollback'],
  sku: string,
  word: string,
  shoppers: Shopper[],
): Promise<Colour> {
  const expected =
    step[0] === 'switch' ? otherColour(selectedColour('gateway') || 'green') : previousColour();
  if (expected !== 'blue' && expected !== 'green')
    throw new Error(`no colour to roll back to: "${expected}"`);
  const traffic = new ShopperTraffic(shoppers, sku, word);
  await eventually('checkouts and catalog reads flowing', async () =>
    traffic.confirmed >= shoppers.length && traffic.reads >= shoppers.length ? true : undefined,
  );
  await runBlueGreen(...step);
  await expectLive(expected);
  // Every request opens its own connection (deploy-test/api.ts), so from here on all of them
  // reach the new colour's gateway: its count of API requests must grow with the traffic.
  const gateway = gatewayPod(expected);
  const servedBefore = apiRequestsServed(gateway);
  const { confirmed, reads } = traffic;
  await eventually(`checkouts and catalog reads served by ${gateway}`, async () =>
    traffic.confirmed >= confirmed + shoppers.length &&
    traffic.reads >= reads + shoppers.length &&
    apiRequestsServed(gateway) >= servedBefore + shoppers.length * 2
      ? true
      : undefined,
  );
  const report = await traffic.stop();
  console.log(
    `[deploy-test] ${step.join(' ')}: live colour ${expected}; ${report.confirmed} checkouts confirmed, ` +
      `${report.reads} catalog reads, ${report.failures.length} failed`,
  );
  assertNoFailures(`blue-green ${step[0]}`, report.failures);
  return expected;
}

async function main(): Promise<void> {
  const started = Date.now();
  const releaseTag = requiredEnv('RELEASE_TAG');
  const nextReleaseTag = requiredEnv('NEXT_RELEASE_TAG');
  const { sku, word, shopper } = await phase('shopper journey', journey);
  const shoppers = await phase('sign up the traffic shoppers', async () =>
    Promise.all(Array.from({ length: TRAFFIC_SHOPPERS }, () => signUp())),
  );
  await phase('delete one of two order pods under checkout traffic', () => deleteOneOrderPod(sku, shoppers));
  await phase('kill every notification pod under checkout traffic', () =>
    deleteAllNotificationPods(sku, shoppers, shopper),
  );
  const first = await phase(`blue-green: release ${releaseTag} as the first colour`, async () => {
    const colour = otherColour(selectedColour('gateway') || 'green');
    await runBlueGreen('switch', releaseTag);
    await expectLive(colour);
    return colour;
  });
  // From here only colours serve. overlays/local's own apps go, which also shows that no
  // colour calls them, and leaves the 2-core node the room to start the next colour.
  kubectl('scale', 'deployment', '-l', '!emporium.dev/colour', '--replicas=0');
  await phase(`blue-green: switch to ${nextReleaseTag}`, () =>
    blueGreenStep(['switch', nextReleaseTag], sku, word, shoppers),
  );
  const back = await phase('blue-green: roll back', () => blueGreenStep(['rollback'], sku, word, shoppers));
  if (back !== first) throw new Error(`the rollback went to ${back}, not back to ${first}`);
  console.log(`\n${'phase'.padEnd(52)} ${'time'.padStart(8)}`);
  for (const line of timings) console.log(line);
  console.log(
    `${'test:deploy (phases above)'.padEnd(52)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`,
  );
  reportRefusedConnections();
}

function reportRefusedConnections(): void {
  console.log(`[deploy-test] connections refused once and then answered: ${refusedAndRetried.length}`);
  for (const request of refusedAndRetried) console.log(`  ${request}`);
}

main().catch((error) => {
  console.error(`[deploy-test] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  reportRefusedConnections();
  console.error(`[deploy-test] the cluster as the failure left it:\n${clusterDiagnostics()}`);
  process.exit(1);
});
