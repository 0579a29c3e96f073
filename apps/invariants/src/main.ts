// `npm run check:invariants -- --seconds N [--faults] [--seed S] [--clients C]`: one run on the
// real infrastructure in a RabbitMQ vhost of its own; prints the report and exits 1 on any
// violation (2 when the run itself could not be made).
import { inOwnBrokerVhost } from '../../../scripts/broker-vhost.js';
import { parseArgs } from './args.js';
import { formatReport } from './report.js';
import { runChecker } from './run.js';

const log = (line: string) => console.error(`[invariants] ${line}`);

try {
  const options = parseArgs(process.argv.slice(2));
  const violations = await inOwnBrokerVhost(async () => {
    const result = await runChecker(options, log);
    try {
      console.log(formatReport(options.seed, result.operations, result.violations));
      return result.violations.length;
    } finally {
      await result.platform.stop();
    }
  });
  process.exit(violations === 0 ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
