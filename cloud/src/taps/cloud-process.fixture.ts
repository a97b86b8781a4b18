/**
 * A cloud in a process of its own, for tests that kill it (`kill -9`) and start it again. Config comes
 * from the environment exactly as `main.ts` gets it; prints `{"url":…}` once listening.
 */
import { createCloud } from '../app.ts';
import { loadConfig } from '../config.ts';

const cloud = await createCloud(loadConfig(), { migrate: false });
console.log(JSON.stringify({ url: await cloud.listen(), pid: process.pid }));
process.on('SIGTERM', () => {
  cloud.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
