/**
 * A real three-master Redis Cluster for one test file: redis-server processes on spare ports (data and
 * cluster bus), each given a third of the 16,384 hash slots and introduced to the first, ready when every
 * node reports `cluster_state:ok`. Stopped and removed after the file's tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from '../cloud/src/net/free-port.ts';

const SLOTS = 16_384;

export interface TestRedisCluster {
  /** `redis://` URL of the first node: enough for a cluster client to find the others. */
  url: string;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<TestRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'sm-redis-cluster-'));
  const nodes: Array<{ port: number; busPort: number; child: ChildProcess; client: Redis }> = [];
  const stop = async () => {
    for (const node of nodes) node.client.disconnect();
    await Promise.all(nodes.map(({ child }) => stopChild(child)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const child = spawn(
        'redis-server',
        [
          ...['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes'],
          ...['--cluster-port', String(busPort), '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir],
          ...['--save', '', '--appendonly', 'no'],
        ],
        { stdio: 'ignore' },
      );
      // A missing redis-server fails here, not as a hang below.
      await once(child, 'spawn');
      // Queues commands until the node listens.
      const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
      client.on('error', () => {});
      nodes.push({ port, busPort, child, client });
    }
    for (const [i, { client }] of nodes.entries()) {
      const first = Math.floor((i * SLOTS) / masters);
      const last = Math.floor(((i + 1) * SLOTS) / masters) - 1;
      await client.call('CLUSTER', 'ADDSLOTSRANGE', String(first), String(last));
    }
    const [seed, ...others] = nodes;
    for (const { port, busPort } of others) {
      await seed!.client.call('CLUSTER', 'MEET', '127.0.0.1', String(port), String(busPort));
    }
    for (let attempt = 0; ; attempt++) {
      const states = await Promise.all(nodes.map(({ client }) => client.call('CLUSTER', 'INFO')));
      if (states.every((info) => String(info).includes('cluster_state:ok'))) break;
      if (attempt === 200) throw new Error('the test Redis Cluster did not come up within 10 s');
      await sleep(50);
    }
    return { url: `redis://127.0.0.1:${seed!.port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill();
  return exited;
}
