import { loadConfigOrExit, runService } from '@emporium/platform';
import { authConfigSchema } from './config.js';
import { startAuthService } from './service.js';

const config = loadConfigOrExit(authConfigSchema);
const { app, close } = await startAuthService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
