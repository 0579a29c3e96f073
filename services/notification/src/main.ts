import { loadConfigOrExit, runService } from '@emporium/platform';
import { notificationConfigSchema } from './config.js';
import { startNotificationService } from './service.js';

const config = loadConfigOrExit(notificationConfigSchema);
const { app, close } = await startNotificationService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
