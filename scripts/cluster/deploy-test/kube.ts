// kubectl against the cluster of `npm run cluster:up`, with its admin kubeconfig.
import { execFileSync } from 'node:child_process';

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
