import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** One page of the cloud's raw-tap export (`analytics.exportCsv`): the header comes on the first page only. */
export interface TapExportPage {
  csv: string;
  rows: number;
  total: number | null;
  nextCursor: string | null;
}

export interface TapExportScope {
  orgId: string;
  eventId: string;
}

export type TapExportStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** What the screen shows of one export; `file` is where it ended up (a failed one: what was written so far). */
export interface TapExportState {
  id: string;
  status: TapExportStatus;
  done: number;
  total: number;
  file: string | null;
  /** Browser mode: the host's URL that hands out the finished file once. */
  download: string | null;
  error: string | null;
}

export interface TapExportDeps {
  /** Where exports are written, 0600, before they are moved to the operator's choice or downloaded. */
  dir: string;
  fetchPage: (input: TapExportScope & { cursor: string | null; limit: number }) => Promise<TapExportPage>;
  pageSize?: number;
}

interface Job {
  state: TapExportState;
  cancelled: boolean;
  filename: string;
  listeners: Set<(state: TapExportState) => void>;
}

const TERMINAL: readonly TapExportStatus[] = ['done', 'failed', 'cancelled'];
export const DOWNLOAD_PATH = '/downloads/taps/';

/**
 * Raw taps of an event written to a file in the main process, a page at a time: only one page is ever in
 * memory, however many taps the event has. The file grows as `….partial.csv` and takes its real name only
 * once the last page is written, so a failed export never passes for a complete one.
 */
export function createTapExports(deps: TapExportDeps) {
  const pageSize = deps.pageSize ?? 5_000;
  const jobs = new Map<string, Job>();

  const update = (job: Job, change: Partial<TapExportState>) => {
    job.state = { ...job.state, ...change };
    for (const listener of job.listeners) listener(job.state);
  };

  const run = async (job: Job, scope: TapExportScope, destination: string | null) => {
    const name = `taps-${scope.eventId}-${job.state.id}`;
    const partial = join(deps.dir, `${name}.partial.csv`);
    await mkdir(deps.dir, { recursive: true, mode: 0o700 });
    // 0600 from the first byte: the file holds IPs and user agents.
    const handle = await open(partial, 'wx', 0o600);
    let closed = false;
    try {
      let cursor: string | null = null;
      do {
        const page = await deps.fetchPage({ ...scope, cursor, limit: pageSize });
        if (job.cancelled) break;
        await handle.write(page.csv);
        const done = job.state.done + page.rows;
        const total = Math.max(page.total ?? job.state.total, done);
        cursor = page.nextCursor;
        update(job, { done, total });
      } while (cursor && !job.cancelled);
      await handle.close();
      closed = true;
      if (job.cancelled) {
        await rm(partial, { force: true });
        update(job, { status: 'cancelled' });
        return;
      }
      const finished = join(deps.dir, `${name}.csv`);
      await rename(partial, finished);
      const file = destination ? await moveTo(finished, destination) : finished;
      update(job, {
        status: 'done',
        file,
        download: destination ? null : `${DOWNLOAD_PATH}${job.state.id}`,
        total: job.state.done,
      });
    } catch (error) {
      if (!closed) await handle.close().catch(() => {});
      update(job, { status: 'failed', file: partial, error: error instanceof Error ? error.message : String(error) });
    }
  };

  return {
    /** Starts an export; `destination` is the operator's chosen file (Electron), none in browser mode. */
    start(scope: TapExportScope, destination: string | null = null): TapExportState {
      const id = randomUUID();
      const state: TapExportState = {
        id,
        status: 'running',
        done: 0,
        total: 0,
        file: null,
        download: null,
        error: null,
      };
      const job: Job = { state, cancelled: false, filename: `taps-${scope.eventId}.csv`, listeners: new Set() };
      jobs.set(id, job);
      void run(job, scope, destination).catch((error: unknown) =>
        update(job, { status: 'failed', error: error instanceof Error ? error.message : String(error) }),
      );
      return state;
    },
    state(id: string): TapExportState | null {
      return jobs.get(id)?.state ?? null;
    },
    /** The current state, then every change until the export ends. */
    subscribe(id: string, listener: (state: TapExportState) => void): () => void {
      const job = jobs.get(id);
      if (!job) return () => {};
      listener(job.state);
      job.listeners.add(listener);
      return () => job.listeners.delete(listener);
    },
    /** Stops after the page in flight; the partial file is removed. */
    cancel(id: string): void {
      const job = jobs.get(id);
      if (job && job.state.status === 'running') job.cancelled = true;
    },
    /** Browser mode: the finished file to send once, with the name the browser saves it under. */
    takeDownload(id: string): { file: string; filename: string } | null {
      const job = jobs.get(id);
      if (job?.state.status !== 'done' || !job.state.download || !job.state.file) return null;
      jobs.delete(id);
      return { file: job.state.file, filename: job.filename };
    },
    isFinished: (state: TapExportState) => TERMINAL.includes(state.status),
  };
}

export type TapExports = ReturnType<typeof createTapExports>;

/** Moves the finished file to where the operator chose, across disks too. */
async function moveTo(file: string, destination: string): Promise<string> {
  try {
    await rename(file, destination);
  } catch {
    await copyFile(file, destination);
    await rm(file, { force: true });
  }
  return destination;
}
