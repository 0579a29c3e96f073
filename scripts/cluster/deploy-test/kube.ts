// kubectl against the cluster of `npm run cluster:up`, with its admin kubeconfig.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLUSTER_DIR = process.env.CLUSTER_DIR ?? '/var/lib/emporium-cluster';
const K8S_VERSION = process.env.K8S_VERSION ?? '1.37.2';
const TOOLS_DIR = process.env.TOOLS_DIR ?? '/var/cache/emporium-tools';
export const NAMESPACE = 'emporium-dev';

export function kubectl(...args: string[]): string {
  return execFileSync(
    `${TOOLS_DIR}/k8s-${K8S_VERSION}/kubectl`,
    ['--kubeconfig', `${CLUSTER_DIR}/admin.kubeconfig`, '-n', NAMESPACE, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export function podsOf(app: string): string[] {
  const names = kubectl('get', 'pods', '-l', `app.kubernetes.io/name=${app}`, '-o', 'name');
  return names ? names.split('\n') : [];
}

export function readyReplicas(app: string): number {
  return Number(kubectl('get', 'deployment', app, '-o', 'jsonpath={.status.readyReplicas}') || 0);
}

export function waitRolledOut(app: string): void {
  kubectl('rollout', 'status', `deployment/${app}`, '--timeout=300s');
}

/**
 * What a failed run leaves to read: every pod with its restarts and readiness, the Services'
 * endpoints, the namespace's recent events, and the node daemons' warnings. Each part that
 * cannot be had says so instead of hiding the rest.
 */
export function clusterDiagnostics(): string {
  const parts: string[] = [];
  const section = (title: string, read: () => string): void => {
    let text: string;
    try {
      text = read();
    } catch (error) {
      text = `(unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
    parts.push(`--- ${title}\n${text}`);
  };
  section('pods', () => kubectl('get', 'pods', '-o', 'wide'));
  section('endpoint slices', () => kubectl('get', 'endpointslices'));
  section('events, latest 40', () =>
    kubectl('get', 'events', '--sort-by=.lastTimestamp').split('\n').slice(-40).join('\n'),
  );
  for (const daemon of ['kube-proxy', 'kubelet']) {
    section(`${daemon} warnings and errors, latest 30`, () =>
      readFileSync(`${CLUSTER_DIR}/logs/${daemon}.log`, 'utf8')
        .split('\n')
        .filter((line) => /^[EW]\d{4} /.test(line))
        .slice(-30)
        .join('\n'),
    );
  }
  return parts.join('\n');
}
