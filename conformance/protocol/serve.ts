import { parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { readLines } from './lines.ts';
import type { CaseResult, Family, Implementation } from './types.ts';

/** A `run` request's case as the adapter side receives it: `input` still lossless. */
export interface WireCase {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: JsonValue;
}

/** What an adapter needs to supply to be served over stdio. */
export interface AdapterHandler {
  implementation: Implementation;
  run(c: WireCase): CaseResult | Promise<CaseResult>;
}

function numberField(o: JsonObject, key: string): number | undefined {
  const v = o.get(key);
  return v instanceof JsonNumber ? Number(v.text) : undefined;
}

function readCase(v: JsonValue | undefined): WireCase {
  if (!(v instanceof JsonObject)) throw new Error('run.case must be an object');
  const id = v.get('id');
  const family = v.get('family');
  const now = numberField(v, 'now');
  const input = v.get('input');
  if (typeof id !== 'string' || typeof family !== 'string' || now === undefined || input === undefined) {
    throw new Error('run.case needs id, family, now and input');
  }
  const nowMs = numberField(v, 'nowMs');
  return { id, family: family as Family, now, ...(nowMs === undefined ? {} : { nowMs }), input };
}

/**
 * Serve one adapter over protocol v1 on this process's stdin/stdout. Requests are answered one
 * line each, strictly in order, even when the runner pipelines several.
 */
export function serveAdapter(handler: AdapterHandler): void {
  let queue: Promise<void> = Promise.resolve();
  const write = (obj: unknown): void => {
    process.stdout.write(`${JSON.stringify(obj)}\n`);
  };

  const handle = async (line: string): Promise<void> => {
    if (line.trim() === '') return;
    let seq = 0;
    try {
      const req = parseLossless(line);
      if (!(req instanceof JsonObject)) throw new Error('a request must be a JSON object');
      const cmd = req.get('cmd');
      seq = numberField(req, 'seq') ?? 0;
      if (cmd === 'start') {
        write({ version: 1, implementation: handler.implementation });
      } else if (cmd === 'stop') {
        // Let pending output reach the runner before exiting.
        process.stdout.write('', () => process.exit(0));
      } else if (cmd === 'run') {
        let result: CaseResult;
        try {
          result = await handler.run(readCase(req.get('case')));
        } catch (e) {
          result = { errored: { message: `adapter failure: ${(e as Error)?.message ?? String(e)}` } };
        }
        write({ seq, ...result });
      } else {
        throw new Error(`unknown cmd ${JSON.stringify(cmd)}`);
      }
    } catch (e) {
      process.stderr.write(`bad request: ${(e as Error).message}\n`);
      write({ seq, errored: { message: `bad request: ${(e as Error).message}` } });
    }
  };

  readLines(
    process.stdin,
    (line) => {
      queue = queue.then(() => handle(line));
    },
    () => {
      void queue.then(() => process.stdout.write('', () => process.exit(0)));
    },
  );
}
