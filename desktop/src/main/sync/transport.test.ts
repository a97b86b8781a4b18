import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { DomainError } from '@sparkmotion/shared/errors';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, test } from 'vitest';
import { classifyFailure, createCloudTransport } from './transport.ts';

const clientError = (data?: Record<string, unknown>) =>
  Object.assign(new TRPCClientError<never>('failed'), data ? { data } : {});

describe('classifying a failed sync call', () => {
  test.each([
    ['no answer at all (network down)', clientError(), 'offline'],
    ['a gateway that cannot reach the cloud', clientError({ code: 'INTERNAL', httpStatus: 503 }), 'offline'],
    ['an expired session', clientError({ code: 'UNAUTHENTICATED', httpStatus: 401 }), 'auth'],
    ['no session on this desk', new DomainError('UNAUTHENTICATED', 'Sign in to the cloud first.'), 'auth'],
    ['a refusal of the whole call', clientError({ code: 'FORBIDDEN', httpStatus: 403 }), 'server'],
    ['an answer that does not parse', new Error('Invalid input'), 'server'],
  ])('%s', (_name, error, kind) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });

  test("keeps a local sign-in request's own message for the UI", () => {
    const message = 'Changes made as a@b.c are not synced yet: sign in as a@b.c to send them.';
    expect(classifyFailure(new DomainError('UNAUTHENTICATED', message))).toEqual({
      kind: 'auth',
      code: 'SESSION_EXPIRED',
      message,
    });
  });
});

describe('the cloud transport', () => {
  test('fails a call that gets no answer in time as offline (a half-open venue link), not after minutes', async () => {
    const connections: Socket[] = [];
    const server = createServer((socket) => connections.push(socket)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as { port: number };
      const session = { cloudUrl: `http://127.0.0.1:${port}`, token: 'token', email: 'desk@test' };
      const transport = createCloudTransport(async () => session, { timeoutMs: 200 });
      const error = await transport.pull({ clientId: randomUUID(), cursor: null, limit: 10 }).catch((e) => e);
      expect(connections).toHaveLength(1);
      expect(classifyFailure(error).kind).toBe('offline');
    } finally {
      for (const socket of connections) socket.destroy();
      server.close();
    }
  });
});
