// The blue-green phases' view of the cluster: which colour the public Services select, which
// pods stand behind them, how many API requests a gateway pod has served (its own /metrics,
// read through the API server's pod proxy), and switch.sh/rollback.sh run without blocking the
// traffic (scripts/cluster/bluegreen.sh, in a child process).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kubectl, NAMESPACE } from './kube.js';

export type Colour = 'blue' | 'green';
export const PUBLIC_SERVICES = ['gateway', 'web'] as const;
const METRICS_PORT = 9464;
const SCRIPT = fileURLToPath(new URL('../bluegreen.sh', import.meta.url));

export function otherColour(colour: string): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/** The colour a public Service selects; '' before the first switch. */
export function selectedColour(service: string): string {
  return kubectl('get', 'service', service, '-o', 'jsonpath={.spec.selector.emporium\\.dev/colour}');
}

/** The colour the last switch left, which rollback.sh returns to. */
export function previousColour(): string {
  return kubectl(
    'get',
    'service',
    'gateway',
    '-o',
    'jsonpath={.metadata.annotations.emporium\\.dev/previous-colour}',
  );
}

/** The pods behind a Service, from its EndpointSlices. */
export function podsBehind(service: string): string[] {
  const names = kubectl(
    'get',
    'endpointslices',
    '-l',
    `kubernetes.io/service-name=${service}`,
    '-o',
    'jsonpath={.items[*].endpoints[*].targetRef.name}',
  );
  return names ? names.split(/\s+/) : [];
}

/** API requests (routes under /api/) a pod has answered since it started, from its /metrics. */
export function apiRequestsServed(pod: string): number {
  const metrics = kubectl(
    'get',
    '--raw',
    `/api/v1/namespaces/${NAMESPACE}/pods/${pod}:${METRICS_PORT}/proxy/metrics`,
  );
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('http_requests_total{') && line.includes('route="/api/')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

export function gatewayPod(colour: Colour): string {
  const pod = kubectl(
    'get',
    'pods',
    '-l',
    `app.kubernetes.io/name=gateway,emporium.dev/colour=${colour}`,
    '-o',
    'jsonpath={.items[0].metadata.name}',
  );
  if (!pod) throw new Error(`no gateway pod of colour ${colour}`);
  return pod;
}

/** Runs `scripts/cluster/bluegreen.sh switch <tag>` or `rollback`, its output shown as it comes. */
export function runBlueGreen(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`bluegreen.sh ${args.join(' ')} exited ${code}`)),
    );
  });
}
