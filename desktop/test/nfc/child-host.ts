/**
 * The child side of a namespaced test host (`host.ts`, the e2e console): answers the parent's
 * `{ id, method, params }` requests over Node's IPC channel with `{ id, result }` or `{ id, error }`,
 * and shuts down when the parent goes away or asks it to.
 */
export type HostMethods = Record<string, (params: Record<string, unknown>) => unknown>;

export function sendToParent(message: unknown): void {
  if (process.connected) process.send?.(message);
}

export function serveParent(methods: HostMethods, shutdown: () => Promise<void>): void {
  process.on('message', async (message: { id: number; method: string; params?: Record<string, unknown> }) => {
    try {
      const method = methods[message.method];
      if (!method) throw new Error(`unknown method ${message.method}`);
      sendToParent({ id: message.id, result: await method(message.params ?? {}) });
    } catch (error) {
      sendToParent({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}
