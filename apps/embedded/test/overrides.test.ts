import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withServiceOverrides } from '@emporium/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedEnvironment } from '../src/topology.js';
import { bundledPlatform, type PlatformProcess, startPlatform } from './platform-process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const admin = { email: 'admin@example.test', password: 'not used here' };

describe('<SERVICE>_<VARIABLE> overrides of the embedded start', () => {
  it("replace or add one service's variables and leave every other service's alone", () => {
    const base = embeddedEnvironment('/tmp/data', undefined, admin, 'token');
    const env = withServiceOverrides(base, {
      GATEWAY_RATE_LIMIT_ANONYMOUS_MAX: '7',
      NOTIFICATION_SMTP_URL: 'smtp://mail.example.test:25',
      GATEWAYS_UNRELATED: 'x',
    });
    expect(env.gateway).toEqual({ ...base.gateway, RATE_LIMIT_ANONYMOUS_MAX: '7' });
    expect(env.notification).toEqual({ ...base.notification, SMTP_URL: 'smtp://mail.example.test:25' });
    for (const name of ['auth', 'user', 'product', 'order', 'payment'] as const) {
      expect(env[name]).toEqual(base[name]);
    }
  });

  describe('npm start with GATEWAY_RATE_LIMIT_ANONYMOUS_MAX', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emporium-overrides-'));
    const portBase = 24_000 + Math.floor(Math.random() * 400) * 10;
    let platform: PlatformProcess | undefined;
    afterAll(() => platform?.stop());

    // A first run from the bundle npm start runs: initdb, the seed's images and every service's
    // files found from the bundled code.
    it('limits guests to the quota given, without editing code', async () => {
      platform = await startPlatform(
        await bundledPlatform('overrides'),
        { EMPORIUM_DATA_DIR: dataDir, GATEWAY_RATE_LIMIT_ANONYMOUS_MAX: '3' },
        portBase,
      );
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await fetch(`${platform.gateway}/api/v1/categories`)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    }, 240_000);

    it('lets `npm run mail` find the platform from its data directory alone', () => {
      const { EMPORIUM_PORT_BASE: _ignored, ...env } = process.env;
      const mail = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/mail.ts'], {
        cwd: root,
        env: { ...env, EMPORIUM_DATA_DIR: dataDir },
        encoding: 'utf8',
      });
      expect({ status: mail.status, stderr: mail.stderr }).toEqual({ status: 0, stderr: '' });
      expect(mail.stdout).toMatch(/No e-mail sent yet\.|@/);
    }, 60_000);
  });
});
