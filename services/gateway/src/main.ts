import { internalTokenRequiredInProduction, loadConfigOrExit, runService } from '@emporium/platform';
import { gatewayConfigSchema } from './config.js';
import { startGatewayService } from './service.js';

const config = loadConfigOrExit(gatewayConfigSchema, process.env, [internalTokenRequiredInProduction]);
if (Boolean(config.TLS_CERT_FILE) !== Boolean(config.TLS_KEY_FILE)) {
  process.stderr.write('Invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE must be set together\n');
  process.exit(1);
}
const { app, close } = await startGatewayService(config);

await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
