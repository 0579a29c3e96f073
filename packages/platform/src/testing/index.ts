export { describeCacheContract } from './cache-contract.js';
export { type BusFixture, contractSchemas, describeEventBusContract, waitFor } from './event-bus-contract.js';
export { freePort } from './free-port.js';
export { createTestDatabase, type TestDatabase, testInfra, uniqueName } from './infra.js';
export { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';
export { type DisruptableServer, startServer, stopServer } from './servers.js';
export { describeSqlDatabaseContract } from './sql-contract.js';
export { createTestTokens, type TestTokens } from './tokens.js';
