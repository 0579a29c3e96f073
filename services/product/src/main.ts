import {
  internalTokenAlsoAcceptedValid,
  internalTokenRequiredInProduction,
  loadConfigOrExit,
  runService,
} from '@emporium/platform';
import { productConfigSchema } from './config.js';
import { startProductService } from './service.js';

const config = loadConfigOrExit(productConfigSchema, process.env, [
  internalTokenRequiredInProduction,
  internalTokenAlsoAcceptedValid,
]);
const { app, close } = await startProductService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
