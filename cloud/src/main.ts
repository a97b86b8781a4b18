/**
 * The cloud's composition root: `npm start`. Prints where it listens, the demo sign-in and a tap URL to try.
 */
import { createCloud } from './app.ts';
import { loadConfig } from './config.ts';
import { createCloudErrorReporter, reportAndFlush, reportingLogger } from './observability/error-reporting.ts';
import { exitPlainlyOnFailure } from './process/exit-plainly.ts';

const guard = exitPlainlyOnFailure('SparkMotion cloud');
const config = loadConfig();
const reporter = createCloudErrorReporter(config.errorReporting, 'cloud');
const logger = reportingLogger({ level: config.logLevel }, reporter);
guard.log = logger;
if (reporter) guard.report = reportAndFlush(reporter);
const cloud = await createCloud(config, { logger });
const url = await cloud.listen().catch(async (error: unknown) => {
  await cloud.close();
  throw error;
});

console.log(`SparkMotion cloud listening on ${url} (tRPC at ${url}/trpc)`);
if (cloud.demo) {
  console.log(`Demo sign-in: ${cloud.demo.email} / ${cloud.demo.password}`);
  const bandId = cloud.demo.bandIds[0];
  if (bandId) console.log(`Demo tap: ${config.hubBaseUrl}/e?bandId=${bandId}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    cloud.logger.info({ signal }, 'shutting down');
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
