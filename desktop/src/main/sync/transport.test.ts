import { DomainError } from '@sparkmotion/shared/errors';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, test } from 'vitest';
import { classifyFailure } from './transport.ts';

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
