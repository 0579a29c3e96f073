// What the first start does once: seed the demo catalog, create an admin whose password is
// written beside the data, so the newcomer can sign in to the admin pages at once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogStore } from '../../../services/product/src/repositories/catalog-store.js';
import { seedDemoCatalog } from '../../../services/product/src/seed/demo-catalog.js';

export interface AdminCredentials {
  email: string;
  password: string;
}

export function adminCredentials(dataDir: string): AdminCredentials {
  const file = join(dataDir, 'admin-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as AdminCredentials;
  mkdirSync(dataDir, { recursive: true });
  const credentials = {
    email: 'admin@emporium.local',
    password: `admin-${randomBytes(9).toString('base64url')}`,
  };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

/** Seeds the catalog the first time only; returns how many products it added. */
export async function seedCatalogOnce(dataDir: string, store: CatalogStore): Promise<number> {
  const marker = join(dataDir, 'catalog-seeded');
  if (existsSync(marker)) return 0;
  const added = await seedDemoCatalog(store);
  writeFileSync(marker, new Date().toISOString());
  return added;
}
