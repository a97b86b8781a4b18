/**
 * An unexpected error as a Sentry event, and the envelope that carries it
 * (https://develop.sentry.dev/sdk/envelopes/). Pure: the caller brings the id and the clock. Nothing
 * about the request or the person is attached: no user, no request, no IP, no server name; the
 * message and any context are scrubbed (scrub.ts), the stack keeps only files, functions and lines.
 */
import type { Dsn } from './dsn.ts';
import { scrubData, scrubText } from './scrub.ts';

export interface ErrorEventMeta {
  /** 32 hex characters. */
  readonly eventId: string;
  readonly now: Date;
  readonly release: string;
  readonly environment: string;
  /** Which process: `cloud`, `ship-taps`, `desktop-main`, … */
  readonly process: string;
  readonly runtime: { name: string; version: string };
  /** What was being done (a log message); scrubbed. */
  readonly message?: string;
  /** Extra context; personal fields dropped, strings scrubbed. */
  readonly context?: Record<string, unknown>;
}

interface Frame {
  function?: string;
  filename: string;
  lineno?: number;
  colno?: number;
  in_app: boolean;
}

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

/** V8 stack lines → Sentry frames, oldest call first (Sentry's order). */
export function stackFrames(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const filename = match[2]!.replace(/^file:\/\//, '');
    frames.push({
      ...(match[1] ? { function: match[1] } : {}),
      filename,
      lineno: Number(match[3]),
      colno: Number(match[4]),
      in_app: !filename.includes('/node_modules/') && !filename.startsWith('node:'),
    });
  }
  return frames.reverse();
}

/** The error and its causes, innermost first as Sentry wants them. */
function exceptions(error: unknown): Array<Record<string, unknown>> {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const e = current instanceof Error ? current : new Error(String(current));
    chain.push({
      type: e.name || 'Error',
      value: scrubText(e.message),
      stacktrace: { frames: stackFrames(e.stack) },
    });
    current = e.cause;
  }
  return chain.reverse();
}

export function errorEvent(error: unknown, meta: ErrorEventMeta): Record<string, unknown> {
  return {
    event_id: meta.eventId,
    timestamp: meta.now.getTime() / 1000,
    platform: 'node',
    level: 'error',
    release: meta.release,
    environment: meta.environment,
    tags: { process: meta.process },
    contexts: { runtime: meta.runtime },
    ...(meta.message ? { message: { formatted: scrubText(meta.message) } } : {}),
    ...(meta.context ? { extra: scrubData(meta.context) } : {}),
    exception: { values: exceptions(error) },
  };
}

/** One event in an envelope: header line, item header line, payload. */
export function envelope(event: Record<string, unknown>, dsn: Dsn, sentAt: Date): string {
  const payload = JSON.stringify(event);
  const header = { event_id: event.event_id, sent_at: sentAt.toISOString(), dsn: dsn.dsn };
  const item = { type: 'event', content_type: 'application/json', length: new TextEncoder().encode(payload).length };
  return `${JSON.stringify(header)}\n${JSON.stringify(item)}\n${payload}\n`;
}
