import { defineConfig } from 'vitest/config';
import mobile from './apps/mobile/vitest.config.mts';

// Tests talk to the real servers scripts/infra.sh starts; each test file isolates itself with
// its own database, key prefix or queue names, so files run in parallel. Files named
// *.disruptive.test.ts stop and start shared servers and run afterwards, one at a time.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default (1 s) is shorter than a page takes to render in Chromium while
    // the rest of the suite keeps both cores busy; a poll that never succeeds still fails.
    expect: { poll: { timeout: 10_000 } },
    // A RabbitMQ virtual host per run (scripts/test-broker-vhost.ts).
    globalSetup: ['./scripts/test-broker-vhost.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            '{packages,services,apps}/*/test/**/*.test.{ts,tsx}',
            'scripts/*/test/*.test.ts',
            'bench/test/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.disruptive.test.ts', 'apps/mobile/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'disruptive',
          include: ['{packages,services,apps}/*/test/**/*.disruptive.test.ts'],
          fileParallelism: false,
        },
      },
      // The Expo app's screens, rendered through react-native-web (see apps/mobile/vitest.config.mts).
      { extends: true, ...mobile },
    ],
  },
});
