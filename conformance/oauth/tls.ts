/**
 * A throwaway certificate authority and a server certificate for Twilio's host names, made with
 * the system's `openssl` (Debian's package) in a private temporary folder. The loopback proxy
 * presents the server certificate; a child Node process trusts the CA through
 * `NODE_EXTRA_CA_CERTS`, which Node reads once, at start-up. Nothing is installed anywhere: the
 * folder is removed when this process exits.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The PEM texts of one throwaway CA and the server certificate it signed. */
export interface ThrowawayCa {
  /** The CA certificate: what a client must trust. */
  readonly caCertPem: string;
  /** A file holding {@link caCertPem}, for `NODE_EXTRA_CA_CERTS` (removed at exit). */
  readonly caCertFile: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
}

/** Host names the server certificate covers: every host the libraries call in the scenarios. */
export const CERTIFICATE_HOSTS = [
  'twilio.com',
  '*.twilio.com',
  '*.us1.twilio.com',
  '*.sydney.us1.twilio.com',
  '*.dublin.us1.twilio.com',
  '*.au1.twilio.com',
  '*.sydney.au1.twilio.com',
  '*.ie1.twilio.com',
  '*.dublin.ie1.twilio.com',
  'localhost',
];

let cached: ThrowawayCa | undefined;

/**
 * Whether `openssl` can be run here (CI installs Debian's `openssl` package when it is not). Only
 * a missing or failing program says no: one that is slow to answer on a loaded machine is there
 * (taking it for absent would turn every proxied provider case into a skip).
 */
export function hasOpenssl(timeoutMs = 60_000): boolean {
  const r = spawnSync('openssl', ['version'], { stdio: 'ignore', timeout: timeoutMs });
  if (r.error) return (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  return r.status === 0;
}

/** The process's throwaway CA, made on first use (about a tenth of a second of `openssl`). */
export function throwawayCa(): ThrowawayCa {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'twilio-jwt-conformance-ca-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=twilio-jwt-conformance throwaway CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=twilio.com']);
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=${CERTIFICATE_HOSTS.map((h) => `DNS:${h}`).join(',')},IP:127.0.0.1\n` + 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  // The CA's private key is not needed after signing; remove it at once.
  rmSync(join(dir, 'ca.key'));
  cached = { caCertPem: read('ca.pem'), caCertFile: join(dir, 'ca.pem'), serverCertPem: read('server.pem'), serverKeyPem: read('server.key') };
  return cached;
}
