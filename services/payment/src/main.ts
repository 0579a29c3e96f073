import {
  internalTokenAlsoAcceptedValid,
  internalTokenRequiredInProduction,
  loadConfigOrExit,
  runService,
} from '@emporium/platform';
import { paymentConfigSchema } from './config.js';
import { startPaymentService } from './service.js';

const config = loadConfigOrExit(paymentConfigSchema, process.env, [
  internalTokenRequiredInProduction,
  internalTokenAlsoAcceptedValid,
]);
const { app, close } = await startPaymentService(config);
await runService(app, {
  port: config.PORT,
  host: config.HOST,
  metricsPort: config.METRICS_PORT,
  onShutdown: close,
});
