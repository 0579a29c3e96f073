// One run of the checker: start the platform, create the catalog, note the stock, let the clients
// (and, asked for, the faults) loose for the given time, wait for quiet, read every store, check.
// The platform is left running for the caller to stop, so a test can still plant rows in it.

import { recordingApi } from './api.js';
import type { RunOptions } from './args.js';
import { check } from './check.js';
import { injectFaults } from './faults.js';
import { History, type Operation } from './history.js';
import { type Platform, startPlatform } from './platform.js';
import { waitUntilQuiet } from './quiesce.js';
import { seededRandom } from './random.js';
import { readSnapshot, readStock, type StoreUrls } from './read-stores.js';
import { createCatalog } from './setup.js';
import type { Snapshot, StockFacts } from './snapshot.js';
import type { Violation } from './violation.js';
import { runWorkload } from './workload.js';

const PRODUCTS = 3;
const QUIET_TIMEOUT_MS = 90_000;

export interface RunResult {
  options: RunOptions;
  platform: Platform;
  stores: StoreUrls;
  operations: Operation[];
  initialStock: StockFacts[];
  snapshot: Snapshot;
  violations: Violation[];
}

export async function runChecker(options: RunOptions, log: (line: string) => void): Promise<RunResult> {
  const random = seededRandom(options.seed);
  const started = Date.now();
  // With faults the services use the chaos broker, which the faults stop and start again: the
  // shared broker serves every other run on the machine and is never pulled from under them.
  const chaosBroker = options.faults ? process.env.CHAOS_AMQP_URL : undefined;
  const platform = await startPlatform({
    restartExited: options.faults,
    ...(chaosBroker ? { amqpUrl: chaosBroker } : {}),
  });
  try {
    const stores: StoreUrls = platform.databases;
    log(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${platform.gateway}`);
    const history = new History();
    const api = recordingApi(platform.gateway, history);
    const catalog = await createCatalog(api, platform.admin, random.fork(), PRODUCTS);
    const initialStock = await readStock(stores.product);
    log(
      `${options.clients} clients for ${options.seconds} s on ${catalog.skus.length} SKUs, seed ${options.seed}`,
    );
    const workload = runWorkload(api, catalog, platform.admin, {
      clients: options.clients,
      seconds: options.seconds,
      random: random.fork(),
    });
    const faults = options.faults
      ? injectFaults(platform, random.fork(), options.seconds, log, {
          restartBroker: chaosBroker !== undefined,
        })
      : Promise.resolve();
    await Promise.all([workload, faults]);
    const waitStarted = Date.now();
    const quiet = await waitUntilQuiet(stores, QUIET_TIMEOUT_MS);
    log(`${quiet ? 'quiet' : 'not quiet'} after ${((Date.now() - waitStarted) / 1000).toFixed(1)} s`);
    const snapshot = await readSnapshot(stores);
    const violations = check({
      initialStock,
      snapshot,
      operations: history.operations,
      faults: options.faults,
    });
    return { options, platform, stores, operations: history.operations, initialStock, snapshot, violations };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}
