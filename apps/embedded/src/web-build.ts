// A fresh clone has no built web app: the first start builds it. The build runs beside the first
// services' start (it is its own process, mostly waiting on a bundler's threads) and is awaited
// only before the gateway, which lists the files it serves when it starts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Starts building the web app when it has sources and no build yet; resolves when the build is
 * there (at once when there is nothing to build), rejects when the build fails.
 */
export function buildWebAppIfMissing(root: string, distDir: string): Promise<void> {
  if (!existsSync(join(root, 'apps/web/package.json')) || existsSync(join(distDir, 'index.html'))) {
    return Promise.resolve();
  }
  process.stdout.write('Building the web app (first start only)…\n');
  const build = spawn('npm', ['run', '--silent', 'build', '-w', '@emporium/web'], {
    cwd: root,
    // Its listing of chunks would interleave with the services' start; its errors are kept.
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const built = new Promise<void>((resolve, reject) => {
    build.on('error', reject);
    build.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the web app's build failed (exit ${code})`)),
    );
  });
  // Awaited before the gateway starts; until then a failure must not count as unhandled.
  built.catch(() => {});
  return built;
}
