/**
 * A bounded storm of taps through the load balancer: `concurrency` keep-alive connections, `total`
 * taps over the given bands. Every answer is classified; a 302's tap id (`X-Tap-Id`) is kept, so
 * the database can be asked for exactly those taps afterwards.
 */
import { Agent, request } from 'node:http';

export interface StormResult {
  sent: number;
  servedIds: string[];
  byStatus: Record<string, number>;
  /** Requests that got no HTTP answer at all (socket errors), by error code. */
  socketErrors: Record<string, number>;
  seconds: number;
}

export async function storm(options: {
  port: number;
  bandIds: readonly string[];
  total: number;
  concurrency: number;
  /** Called after each answer with how many were sent so far (the test kills an instance from here). */
  onProgress?: (sent: number) => void;
}): Promise<StormResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const result: StormResult = { sent: 0, servedIds: [], byStatus: {}, socketErrors: {}, seconds: 0 };
  const started = performance.now();
  const one = (bandId: string) =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: options.port, path: `/e/${bandId}`, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          const status = String(res.statusCode);
          result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
          const tapId = res.headers['x-tap-id'];
          if (res.statusCode === 302 && typeof tapId === 'string') result.servedIds.push(tapId);
          resolve();
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? error.message;
        result.socketErrors[code] = (result.socketErrors[code] ?? 0) + 1;
        resolve();
      });
      req.end();
    });
  const worker = async () => {
    while (result.sent < options.total) {
      const n = result.sent++;
      await one(options.bandIds[n % options.bandIds.length]!);
      options.onProgress?.(result.sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
