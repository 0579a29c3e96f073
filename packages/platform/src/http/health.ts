// Liveness says the process runs; readiness says its dependencies answer and it is not draining.
import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealth(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  isDraining: () => boolean,
): void {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'up' }));

  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => runCheck(checks[name]!)));
    const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = !isDraining() && results.every((result) => result === 'up');
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'up' : isDraining() ? 'draining' : 'down', dependencies };
  });
}
