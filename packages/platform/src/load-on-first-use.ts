// Drivers for the real infrastructure (PostgreSQL, Redis, RabbitMQ, an OTLP collector) load when
// an adapter first needs them, not when the platform is imported: the embedded start, which uses
// none of them, keeps their code out of its memory and its start-up time. Synchronous (through
// require) so the adapters' constructors stay synchronous.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The module `name` (a dependency of @emporium/platform), loaded once on the first call. */
export function loadOnFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
