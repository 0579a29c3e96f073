#!/usr/bin/env node
// `npm run reset`: wipes the embedded platform's data (orders, accounts, catalog, sent mail).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

const dataDir = resolve(process.env.EMPORIUM_DATA_DIR ?? new URL('../.data', import.meta.url).pathname);
rmSync(dataDir, { recursive: true, force: true });
console.log(`Removed ${dataDir}. The next npm start seeds a fresh catalog and admin.`);
