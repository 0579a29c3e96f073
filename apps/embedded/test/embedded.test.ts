import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { afterSaleJourney } from './after-sale-journey.js';
import { bundledPlatform, type PlatformProcess, startPlatform } from './platform-process.js';
import {
  emailSwitchReachesNotifications,
  gatewayApi,
  orderIsStillThere,
  type ShopperResult,
  shopperBuysSomething,
} from './shopper-flow.js';
import { unstorableInputsAreRefused } from './unstorable-inputs.js';

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

  it("refuses the services' /internal/* routes without the token kept in the data directory", async () => {
    const service = (offset: number) => `http://127.0.0.1:${portBase + offset}`;
    const product = service(3);
    const payment = service(5);
    const tokenFile = join(dataDir, 'internal-token');
    expect(statSync(tokenFile).mode & 0o077).toBe(0);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);

    for (const url of [
      `${product}/internal/variants?skus=nothing`,
      `${product}/internal/reservations/${randomUUID()}`,
      `${payment}/internal/payments?orderId=${randomUUID()}`,
    ]) {
      const none = await fetch(url);
      expect(none.status, url).toBe(401);
      expect(await none.json()).toMatchObject({ detail: expect.stringContaining('x-internal-token') });
      expect((await fetch(url, { headers: { 'x-internal-token': 'not-the-token' } })).status, url).toBe(401);
    }
    const withToken = await fetch(`${product}/internal/variants?skus=nothing`, {
      headers: { 'x-internal-token': token },
    });
    expect(withToken.status).toBe(200);
  });

  it('e-mails what the profile says: a switch turned off there is followed by notifications', async () => {
    await emailSwitchReachesNotifications(gatewayApi(platform!.gateway), shopper);
  }, 60_000);

  it('refuses input the database cannot take with 400, through the gateway', async () => {
    const [, email, password] = /Admin: +(\S+) \/ (.+)/.exec(platform!.output())!;
    await unstorableInputsAreRefused(gatewayApi(platform!.gateway), { email: email!, password: password! });
    expect(platform!.output()).not.toMatch(/verificationToken|resetToken/);
  }, 60_000);

  it('ships an order in two parcels, refunds a returned line and exchanges another, books right throughout', async () => {
    const [, email, password] = /Admin: +(\S+) \/ (.+)/.exec(platform!.output())!;
    await afterSaleJourney(gatewayApi(platform!.gateway), { email: email!, password: password! });
  }, 120_000);

  it('keeps the orders when stopped and started again, from the bundle npm start runs', async () => {
    await platform!.stop();
    platform = await startPlatform(
      await bundledPlatform('restart'),
      { EMPORIUM_DATA_DIR: dataDir },
      portBase,
    );
    expect(platform.output()).not.toMatch(/seeded/);
    await orderIsStillThere(gatewayApi(platform.gateway), shopper);
  }, 240_000);
});
