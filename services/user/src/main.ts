import { loadConfigOrExit, runService } from '@emporium/platform';
import { userConfigSchema } from './config.js';
import { startUserService } from './service.js';

const config = loadConfigOrExit(userConfigSchema);
const { app, close } = await startUserService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
