import type { HostValue } from '../../lang/host.ts';
import { javaUtf8 } from '../../lang/java.ts';
import { LibraryError } from '../../lang/lang.ts';

/** `secret.getBytes(UTF_8)` into `new SecretKeySpec(secret, "HmacSHA256")`, which refuses null and empty keys. */
export function javaSecretKey(secret: HostValue | undefined): Buffer {
  if (secret === undefined || secret === null) throw new LibraryError('IllegalArgumentException', 'Missing argument');
  const key = javaUtf8(secret as string);
  if (key.length === 0) throw new LibraryError('IllegalArgumentException', 'Empty key');
  return key;
}
