// Faults (--faults, long runs only): a service process is killed outright (SIGKILL: no graceful
// shutdown, in-flight requests and unacknowledged messages are cut) and the platform's supervisor
// (EMPORIUM_RESTART_EXITED) starts it again; or the broker is stopped for a few seconds and
// started again (the chaos broker, which only this run's services use, so no other run loses
// its broker). The next fault comes some seconds after the platform is ready again, so it spends
// most of the run whole and the clients get work done.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Platform } from './platform.js';
import type { Random } from './random.js';

const VICTIMS = ['gateway', 'product', 'order', 'payment', 'notification'] as const;
const RESTART_TIMEOUT_MS = 90_000;
const root = fileURLToPath(new URL('../../../', import.meta.url));

function chaosBroker(action: 'stop' | 'start'): void {
  const result = spawnSync('bash', ['scripts/infra.sh', action, 'rabbitmq-chaos'], {
    cwd: root,
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error(`scripts/infra.sh ${action} rabbitmq-chaos failed`);
}

async function ready(url: string): Promise<boolean> {
  return fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

/** The running process of each service: the platform process's children, named by their entry file. */
export function serviceProcesses(platformPid: number): Map<string, number> {
  const processes = new Map<string, number>();
  for (const task of readdirSync(`/proc/${platformPid}/task`)) {
    const children = readFileSync(`/proc/${platformPid}/task/${task}/children`, 'utf8').trim();
    for (const pid of children.split(/\s+/).filter(Boolean).map(Number)) {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const service = /services\/([a-z]+)\/src\/main\.ts/.exec(command)?.[1];
        if (service) processes.set(service, pid);
      } catch {
        // Exited between the listing and the read.
      }
    }
  }
  return processes;
}

/** Stops the broker for a few seconds, starts it again and waits until every service is ready. */
async function restartBroker(platform: Platform, random: Random, log: (line: string) => void) {
  const down = random.int(2_000, 8_000);
  log(`fault: stopping the broker for ${(down / 1000).toFixed(1)} s`);
  const stoppedAt = Date.now();
  chaosBroker('stop');
  await sleep(down);
  chaosBroker('start');
  for (const [service, url] of Object.entries(platform.services)) {
    while (!(await ready(url))) {
      if (Date.now() - stoppedAt > RESTART_TIMEOUT_MS)
        throw new Error(`${service} not ready 90 s after the broker`);
      await sleep(250);
    }
  }
  log(`fault: broker back, every service ready after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
}

export async function injectFaults(
  platform: Platform,
  random: Random,
  seconds: number,
  log: (line: string) => void,
  { restartBroker: withBroker }: { restartBroker: boolean },
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    await sleep(random.int(5_000, 12_000));
    // The last seconds stay calm so the run ends on a platform that is whole again.
    if (Date.now() > deadline - 5_000) return;
    // One fault in six is the broker's, when the run has a broker of its own to stop.
    if (withBroker && random.int(0, 5) === 0) {
      await restartBroker(platform, random, log);
      continue;
    }
    const victim = random.pick(VICTIMS);
    const pid = serviceProcesses(platform.pid).get(victim);
    if (pid === undefined) continue;
    log(`fault: killing ${victim} (pid ${pid})`);
    const killedAt = Date.now();
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone: the supervisor is restarting it.
    }
    while (!(await ready(platform.services[victim]))) {
      if (Date.now() - killedAt > RESTART_TIMEOUT_MS) throw new Error(`${victim} did not come back in 90 s`);
      await sleep(250);
    }
    log(`fault: ${victim} ready again after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
  }
}
