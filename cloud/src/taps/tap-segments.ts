/**
 * Reading the local tap log back: which segments exist, who owns them, how far each has been
 * shipped, and the taps past that point. Crash-safe: a torn last line (no newline yet, or garbage
 * from a lost write) is never parsed as a tap; a complete line that is not valid JSON is skipped and
 * counted rather than blocking the log forever.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isTap, type Tap } from './tap.ts';

export interface Segment {
  readonly owner: string;
  readonly seq: number;
  readonly name: string;
  readonly path: string;
}

const SEGMENT = /^(.+)\.(\d{8})\.taps$/;

/** Segments in the directory, oldest first per owner. */
export function listSegments(dir: string): Segment[] {
  if (!existsSync(dir)) return [];
  const segments: Segment[] = [];
  for (const name of readdirSync(dir)) {
    const match = SEGMENT.exec(name);
    if (match) segments.push({ owner: match[1]!, seq: Number(match[2]), name, path: join(dir, name) });
  }
  return segments.sort((a, b) => (a.owner === b.owner ? a.seq - b.seq : a.owner < b.owner ? -1 : 1));
}

/** True when the owner's process still runs on this machine (its segments may still grow). */
export function ownerAlive(dir: string, owner: string): boolean {
  let pid: number;
  try {
    pid = (JSON.parse(readFileSync(join(dir, `${owner}.owner`), 'utf8')) as { pid: number }).pid;
  } catch {
    return false;
  }
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readCheckpoint(segment: Segment): number {
  try {
    return Number(readFileSync(`${segment.path}.ckpt`, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/** Atomic: a crash leaves the old or the new checkpoint, never a torn one. */
export function writeCheckpoint(segment: Segment, offset: number): void {
  const tmp = `${segment.path}.ckpt.tmp`;
  writeFileSync(tmp, String(offset), { mode: 0o600 });
  renameSync(tmp, `${segment.path}.ckpt`);
}

export function removeSegment(segment: Segment): void {
  rmSync(segment.path, { force: true });
  rmSync(`${segment.path}.ckpt`, { force: true });
}

export function segmentSize(segment: Segment): number {
  try {
    return statSync(segment.path).size;
  } catch {
    return 0;
  }
}

export interface ReadResult {
  readonly taps: Tap[];
  /** Offset just past the last complete line read: the checkpoint once these taps have landed. */
  readonly nextOffset: number;
  /** Complete lines that were not a tap (skipped). */
  readonly corrupt: number;
  /** Bytes after the last newline: a line still being written, or a torn tail. */
  readonly trailing: number;
}

/** Reads complete lines from `offset`, at most about `maxBytes` of them (always at least one line). */
export function readTaps(segment: Segment, offset: number, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(segment.path, 'r');
  } catch {
    return { taps: [], nextOffset: offset, corrupt: 0, trailing: 0 };
  }
  try {
    let buffer = Buffer.allocUnsafe(maxBytes);
    let length = readSync(fd, buffer, 0, maxBytes, offset);
    // Search only the bytes read: the rest of the buffer is uninitialised memory.
    let end = length === 0 ? -1 : buffer.subarray(0, length).lastIndexOf(10);
    // One line longer than maxBytes: grow until it ends (or the file does).
    while (end < 0 && length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      length += readSync(fd, bigger, length, bigger.length - length, offset + length);
      buffer = bigger;
      end = buffer.subarray(0, length).lastIndexOf(10);
    }
    if (end < 0) return { taps: [], nextOffset: offset, corrupt: 0, trailing: length };
    const taps: Tap[] = [];
    let corrupt = 0;
    let start = 0;
    while (start <= end) {
      const newline = buffer.indexOf(10, start);
      if (newline > start) {
        const tap = parseTap(buffer.toString('utf8', start, newline));
        if (tap) taps.push(tap);
        else corrupt++;
      }
      start = newline + 1;
    }
    return { taps, nextOffset: offset + end + 1, corrupt, trailing: length - end - 1 };
  } finally {
    closeSync(fd);
  }
}

function parseTap(line: string): Tap | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isTap(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
