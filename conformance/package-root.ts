/**
 * Where this package's own files are (vectors, JSON Schemas, the Python and Ruby adapters, the
 * bin). Modules run from two places: as TypeScript sources in a checkout (`conformance/…`) and as
 * compiled JavaScript in the installed package (`dist/conformance/…`), so a path counted up from a
 * module's own folder is right in only one of them. The package root is found instead: the
 * nearest folder up from here whose package.json names this package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `name` in this package's package.json. */
export const PACKAGE_NAME = 'twilio-jwt-conformance';

/**
 * The nearest folder at or above `from` holding a package.json whose `name` is
 * {@link PACKAGE_NAME}. Throws, naming `from`, when there is none.
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      let name: unknown;
      try {
        name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      } catch {
        // Another project's unreadable manifest is not ours: keep looking further up.
      }
      if (name === PACKAGE_NAME) return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} at or above ${from}`);
  }
}

/** The package root: the repository in a checkout, `node_modules/twilio-jwt-conformance` when installed. */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
