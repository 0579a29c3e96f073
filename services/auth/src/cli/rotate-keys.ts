// npm run -w @emporium/auth rotate-keys
// Makes a new signing key active. The old one stays in the JWKS until every token it signed has
// expired; running replicas switch to the new key within their reload interval.
import {
  KEY_RELOAD_INTERVAL_SECONDS,
  publicationWindowSeconds,
  rotateSigningKey,
} from '../signing/key-ring.js';
import { openAuthDatabase } from './open-database.js';

const { config, db, sealer } = await openAuthDatabase();
try {
  const kid = await rotateSigningKey(db, sealer);
  const window = publicationWindowSeconds(config.ACCESS_TOKEN_TTL_SECONDS);
  process.stdout.write(
    `new active signing key ${kid}; replicas use it within ${KEY_RELOAD_INTERVAL_SECONDS}s; ` +
      `the previous key stays published for ${window}s\n`,
  );
} finally {
  await db.close();
}
