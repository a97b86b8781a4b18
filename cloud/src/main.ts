/**
 * The cloud's composition root: `npm start`. Prints where it listens, the demo sign-in and a tap URL to try.
 */
import { createCloud } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const cloud = await createCloud(config);
const url = await cloud.listen().catch(async (error: unknown) => {
  console.error(`Cannot listen on ${config.http.host}:${config.http.port}: ${(error as Error).message}`);
  await cloud.close();
  process.exit(1);
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
