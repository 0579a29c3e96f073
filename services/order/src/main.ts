import {
  internalTokenAlsoAcceptedValid,
  internalTokenRequiredInProduction,
  loadConfigOrExit,
  runService,
} from '@emporium/platform';
import { orderConfigSchema } from './config.js';
import { startOrderService } from './service.js';

const config = loadConfigOrExit(orderConfigSchema, process.env, [
  internalTokenRequiredInProduction,
  internalTokenAlsoAcceptedValid,
]);
const { app, close } = await startOrderService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
