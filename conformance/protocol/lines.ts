import type { Readable } from 'node:stream';

/** The longest line read by default (32 MiB): far above any real answer, far below a runaway one. */
export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;

/** Work counters, for tests that hold the reader linear in its input. */
export interface LineReaderStats {
  /** Bytes searched for `\n`; each byte is searched once. */
  scannedBytes: number;
  /** Bytes copied to assemble lines that spanned several chunks; each byte is copied at most once. */
  copiedBytes: number;
}

export interface LineReaderOptions {
  /** A line (without its `\n`) longer than this many bytes stops the reader; default {@link DEFAULT_MAX_LINE_BYTES}. */
  maxLineBytes?: number;
  /**
   * Called once when a line grows past `maxLineBytes`. The reader has already stopped: it keeps no
   * bytes, reads nothing more and calls neither `onLine` nor `onEnd` again. Without it, `onEnd` is
   * called instead.
   */
  onOverflow?: (maxLineBytes: number) => void;
  stats?: LineReaderStats;
}

/**
 * Call `onLine` for every `\n`-terminated line of a byte stream, decoded as UTF-8, in order.
 * A trailing `\r` is dropped so that CRLF writers still work. A final unterminated line is
 * delivered at end of stream, then `onEnd` is called.
 *
 * Linear in its input: only the new chunk is searched for `\n`, and a line that spans chunks is
 * kept as a list of pieces and joined once, when its end arrives (appending to one string and
 * searching it from the start made a 20 MB answer take 20 s).
 *
 * Returns a function that stops the reader at once: it drops what it holds and delivers nothing
 * more (the stream itself is left to the caller).
 */
export function readLines(stream: Readable, onLine: (line: string) => void, onEnd?: () => void, opts: LineReaderOptions = {}): () => void {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const stats = opts.stats;
  let pieces: Buffer[] = [];
  let pending = 0;
  let stopped = false;

  const emit = (tail: Buffer): void => {
    let line: Buffer;
    if (pieces.length === 0) {
      line = tail;
    } else {
      pieces.push(tail);
      line = Buffer.concat(pieces, pending + tail.length);
      if (stats) stats.copiedBytes += line.length;
      pieces = [];
      pending = 0;
    }
    const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
    onLine(line.toString('utf8', 0, end));
  };

  const stop = (): void => {
    stopped = true;
    pieces = [];
    pending = 0;
    stream.off('data', onData);
    stream.off('end', onStreamEnd);
  };

  const overflow = (): void => {
    stop();
    // Read nothing more: an endless line must not keep the pipe (or memory) busy.
    stream.destroy();
    if (opts.onOverflow) opts.onOverflow(max);
    else onEnd?.();
  };

  const onData = (data: Buffer | string): void => {
    if (stopped) return;
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      if (stats) stats.scannedBytes += (nl < 0 ? chunk.length : nl + 1) - start;
      if (nl < 0) {
        if (pending + chunk.length - start > max) return overflow();
        pieces.push(start === 0 ? chunk : chunk.subarray(start));
        pending += chunk.length - start;
        return;
      }
      if (pending + nl - start > max) return overflow();
      emit(chunk.subarray(start, nl));
      if (stopped) return; // onLine may have stopped the reader
      start = nl + 1;
    }
  };

  const onStreamEnd = (): void => {
    if (stopped) return;
    stopped = true;
    if (pending > 0) emit(Buffer.alloc(0));
    onEnd?.();
  };

  stream.on('data', onData);
  stream.on('end', onStreamEnd);
  return stop;
}
