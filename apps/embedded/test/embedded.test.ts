import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type PlatformProcess, startPlatform } from './platform-process.js';
import {
  emailSwitchReachesNotifications,
  gatewayApi,
  orderIsStillThere,
  type ShopperResult,
  shopperBuysSomething,
} from './shopper-flow.js';

describe('the embedded platform (npm start): nothing external, one process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emporium-embedded-'));
  const portBase = 20_000 + Math.floor(Math.random() * 400) * 10;
  let platform: PlatformProcess | undefined;
  let shopper: ShopperResult;

  afterAll(() => platform?.stop());

  it('serves a shopper from sign-up to the order-confirmed notification', async () => {
    platform = await startPlatform('apps/embedded/src/main.ts', { EMPORIUM_DATA_DIR: dataDir }, portBase);
    expect(platform.output()).toMatch(/Admin: +admin@emporium\.local/);
    expect(platform.output()).toMatch(/seeded \d+ demo products/);
    shopper = await shopperBuysSomething(gatewayApi(platform.gateway));
  }, 240_000);

  it('e-mails what the profile says: a switch turned off there is followed by notifications', async () => {
    await emailSwitchReachesNotifications(gatewayApi(platform!.gateway), shopper);
  }, 60_000);

  it('keeps the orders when stopped and started again', async () => {
    await platform!.stop();
    platform = await startPlatform('apps/embedded/src/main.ts', { EMPORIUM_DATA_DIR: dataDir }, portBase);
    expect(platform.output()).not.toMatch(/seeded/);
    await orderIsStillThere(gatewayApi(platform.gateway), shopper);
  }, 240_000);
});
