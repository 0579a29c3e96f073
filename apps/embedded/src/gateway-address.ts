// Where the running platform's gateway listens, written beside its data: tools given only the
// data directory (`npm run mail`) find the platform whatever EMPORIUM_PORT_BASE it was started with.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GATEWAY_ADDRESS_FILE = 'gateway-url';

export function recordGatewayAddress(dataDir: string, url: string): void {
  writeFileSync(join(dataDir, GATEWAY_ADDRESS_FILE), `${url}\n`);
}

/** Removed on a clean stop, so a tool does not call a platform that is no longer there. */
export function forgetGatewayAddress(dataDir: string): void {
  rmSync(join(dataDir, GATEWAY_ADDRESS_FILE), { force: true });
}

/** The gateway URL the platform using `dataDir` recorded, if it runs (or did not stop cleanly). */
export function recordedGatewayAddress(dataDir: string): string | undefined {
  const file = join(dataDir, GATEWAY_ADDRESS_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}
