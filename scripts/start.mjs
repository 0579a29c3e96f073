#!/usr/bin/env node
// `npm start`: runs the whole platform in one process on embedded adapters (apps/embedded), from a
// bundle of its sources that is rebuilt when they change (apps/embedded/bundle.mjs); the platform
// builds the web app on its first start. Nothing external is needed.
//   npm start -- --distributed   runs each service as its own process on the real infrastructure
import { spawn } from 'node:child_process';
import { ensureBundle } from '../apps/embedded/bundle.mjs';

const root = new URL('..', import.meta.url).pathname;
const startedAt = String(Date.now());
const distributed = process.argv.includes('--distributed');

// The embedded start collects garbage itself at the moments it knows memory piled up
// (apps/embedded/src/memory.ts), and keeps glibc to two malloc arenas: the image encoders of the
// first-run seed run on several threads, and per-thread arenas would keep their peak resident.
const args = distributed
  ? ['--import', 'tsx', 'scripts/start-distributed.ts']
  : ['--expose-gc', await ensureBundle()];
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    EMPORIUM_STARTED_AT: startedAt,
    ...(distributed ? {} : { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' }),
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
