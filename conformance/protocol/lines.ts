import type { Readable } from 'node:stream';

/**
 * Call `onLine` for every `\n`-terminated line of a byte stream, decoded as UTF-8, in order.
 * A trailing `\r` is dropped so that CRLF writers still work. A final unterminated line is
 * delivered at end of stream.
 */
export function readLines(stream: Readable, onLine: (line: string) => void, onEnd?: () => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  });
  stream.on('end', () => {
    if (buffered.length > 0) onLine(buffered);
    buffered = '';
    onEnd?.();
  });
}
