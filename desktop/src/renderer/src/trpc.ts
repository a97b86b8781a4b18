import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
  wsLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { ipcLink } from 'electron-trpc-experimental/renderer';
import type { AppRouter } from '../../main/app-router.ts';

export type { AppRouter };

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * The link to the desktop router: IPC inside Electron (the preload exposed the bridge), HTTP for queries
 * and mutations plus a WebSocket for subscriptions in browser mode, on the page's own origin.
 */
function links(): TRPCLink<AppRouter>[] {
  if ('electronTRPC' in window) return [ipcLink<AppRouter>()];
  const wsClient = createWSClient({ url: `${location.origin.replace(/^http/, 'ws')}/trpc-ws` });
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: wsLink<AppRouter>({ client: wsClient }),
      // The host refuses tRPC over HTTP without our Origin or this header (host/guard.ts): same-origin GETs
      // carry no Origin, and no other page can set it.
      false: httpBatchLink<AppRouter>({ url: `${location.origin}/trpc`, headers: { 'x-sparkmotion-console': '1' } }),
    }),
  ];
}

export function createConsoleClient(): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({ links: links() });
}

/** Our ErrorCode from a tRPC error, wherever the link put it (IPC: `cause.data`, HTTP: `data`). */
export function errorCodeOf(error: unknown): string | undefined {
  const e = error as { data?: { code?: string }; cause?: { data?: { code?: string } } } | null;
  return e?.data?.code ?? e?.cause?.data?.code;
}

/** The per-line problems a domain error may carry (`details.errors`), wherever the link put them. */
export function detailErrorsOf(error: unknown): unknown[] {
  const e = error as {
    data?: { details?: { errors?: unknown } };
    cause?: { data?: { details?: { errors?: unknown } } };
  } | null;
  const lines = e?.data?.details?.errors ?? e?.cause?.data?.details?.errors;
  return Array.isArray(lines) ? lines : [];
}

/** The message to show, with the per-line problems a domain error may carry (`details.errors`). */
export function errorMessageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = detailErrorsOf(error);
  if (lines.length === 0) return message;
  const shown = lines
    .slice(0, 10)
    .map((line) => (typeof line === 'string' ? line : (line as { message?: string }).message));
  return `${message}: ${shown.join('; ')}${lines.length > 10 ? ` (and ${lines.length - 10} more)` : ''}`;
}

/** The fields a bad-input error names (`details.fields`, from the desktop's or the cloud's zod check). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  const e = error as {
    data?: { details?: { fields?: Record<string, string[]> } };
    cause?: { data?: { details?: { fields?: Record<string, string[]> } } };
  } | null;
  return e?.data?.details?.fields ?? e?.cause?.data?.details?.fields ?? {};
}
