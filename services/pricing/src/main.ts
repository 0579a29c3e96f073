import {
  internalTokenAlsoAcceptedValid,
  internalTokenRequiredInProduction,
  loadConfigOrExit,
  runService,
} from '@emporium/platform';
import { pricingConfigSchema } from './config.js';
import { startPricingService } from './service.js';

const config = loadConfigOrExit(pricingConfigSchema, process.env, [
  internalTokenRequiredInProduction,
  internalTokenAlsoAcceptedValid,
]);
const { app, close } = await startPricingService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
