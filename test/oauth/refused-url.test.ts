/**
 * refusedUrl: the address a `connections: "refused"` case points the SDK at. It must refuse, and
 * no server of the runner may take its port meanwhile: with a port merely released by listen(0),
 * a concurrent case's server could be given it and answer requests meant to be refused (seen once
 * in CI as a stray request in another run's case, test/providers/protocol.test.ts).
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { refusedUrl } from '../../conformance/oauth/server.ts';

const listen = (): Promise<Server> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });

const connectError = (port: number): Promise<string | undefined> =>
  new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(undefined);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code));
  });

describe('refusedUrl', () => {
  it('gives a loopback port that refuses, and that no listen(0) is handed while it is in use', async () => {
    const urls = await Promise.all(Array.from({ length: 20 }, () => refusedUrl()));
    const ports = new Set(urls.map((u) => Number(new URL(u).port)));
    for (const u of urls) expect(new URL(u).hostname).toBe('127.0.0.1');
    // 300 servers started by listen(0), as the runner starts one per case: none lands on a refused port.
    const servers: Server[] = [];
    try {
      for (let i = 0; i < 300; i++) servers.push(await listen());
      const taken = servers.map((s) => (s.address() as AddressInfo).port).filter((p) => ports.has(p));
      expect(taken).toEqual([]);
      for (const p of ports) expect(await connectError(p)).toBe('ECONNREFUSED');
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  });
});
