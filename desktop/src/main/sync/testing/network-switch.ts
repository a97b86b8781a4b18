/**
 * A real TCP hop between a desktop and the cloud that a test can cut and restore: the venue's network
 * going down, as the sync engine sees it (connection refused / reset), with nothing mocked.
 */
import { createServer, type Server, Socket } from 'node:net';

export interface NetworkSwitch {
  /** The cloud URL as seen through the switch. */
  url: string;
  up(): Promise<void>;
  /** Refuses new connections and resets open ones. */
  down(): Promise<void>;
  close(): Promise<void>;
}

export async function createNetworkSwitch(target: string): Promise<NetworkSwitch> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let listenPort = 0;

  const up = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const next = createServer((client) => {
        const upstream = new Socket();
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        upstream.connect(Number(port), hostname, () => {
          client.pipe(upstream);
          upstream.pipe(client);
        });
      });
      next.once('error', reject);
      next.listen(listenPort, '127.0.0.1', () => {
        const address = next.address();
        listenPort = typeof address === 'object' && address ? address.port : 0;
        server = next;
        resolve();
      });
    });

  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });

  await up();
  return { url: `http://127.0.0.1:${listenPort}`, up, down, close: down };
}
