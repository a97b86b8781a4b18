/**
 * Asserts which ErrorCode a call failed with, whether it went through HTTP (TRPCClientError: the code is in
 * `data.code`, put there by the errorFormatter) or an in-process caller (TRPCError: the code is its cause's).
 */
import { DomainError, type ErrorCode } from '@sparkmotion/shared/errors';
import { TRPCClientError } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { z } from 'zod';

export function errorCodeOf(error: unknown): string {
  if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code ?? 'UNKNOWN';
  if (error instanceof TRPCError) {
    if (error.cause instanceof DomainError) return error.cause.code;
    if (error.cause instanceof z.ZodError) return 'BAD_INPUT';
    return error.code;
  }
  if (error instanceof DomainError) return error.code;
  return 'UNKNOWN';
}

export async function expectErrorCode(call: Promise<unknown>, code: ErrorCode): Promise<unknown> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected the call to fail with ${code}`).toBeDefined();
  expect(errorCodeOf(caught)).toBe(code);
  return caught;
}
