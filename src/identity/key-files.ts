/**
 * The directory that keeps the mock's key material (the token signing key, the HTTPS CA and its last server
 * certificate): `<data>/keys/` with `--data`, else `--ca-dir` (the CLI's default: the per-user cache
 * directory), else nowhere (in memory, e.g. `startMock()`).
 *
 * Several mocks may start at once on one directory (parallel CI jobs, a test runner's workers). Keys are
 * first-writer-wins: each is written whole to a temporary file and published with `link()`, which fails if
 * the name exists; the loser reads the winner's. So every process ends up with the same key and the same
 * CA, and no reader ever sees half a file. The server certificate is derived data: replaced by rename.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface KeyDir {
  path: string;
  /** The option that chose it, for messages: `--data` or `--ca-dir`. */
  option: string;
}

/** Where the key material of `config` is kept (undefined: in memory). */
export function keyDirOf(config: { data?: string | undefined; caDir?: string | undefined }): KeyDir | undefined {
  if (config.data) return { path: join(config.data, 'keys'), option: '--data' };
  if (config.caDir) return { path: config.caDir, option: '--ca-dir' };
  return undefined;
}

/** A key directory that cannot be used, or a key in it that cannot be read: one message, no stack. */
export class KeyMaterialError extends Error {
  override name = 'KeyMaterialError';
}

const reason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  const plain: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a file is in the way', EROFS: 'read-only file system', ENOSPC: 'no space left' };
  return e.code ? `${plain[e.code] ?? e.message} (${e.code})` : e.message;
};

export function unusableDir(dir: KeyDir, err: unknown): KeyMaterialError {
  return new KeyMaterialError(
    `cannot keep the HTTPS CA and token signing key in ${dir.path}: ${reason(err)}. Fix it, or choose another directory with ${dir.option}.`,
  );
}

export function damaged(dir: KeyDir, file: string, what: string): KeyMaterialError {
  const remedy = file.startsWith('ca')
    ? `Delete ca.pem and ca-key.pem there to make a new CA (clients must then trust the new one)`
    : `Delete it to make a new one (tokens issued with it stop working)`;
  return new KeyMaterialError(`${join(dir.path, file)} is not ${what} (damaged?). ${remedy}, or choose another directory with ${dir.option}.`);
}

export async function prepare(dir: KeyDir): Promise<void> {
  try {
    // Private keys: the directory is the user's alone when we make it.
    await mkdir(dir.path, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw unusableDir(dir, err);
  }
}

/** The file's text; undefined if it does not exist. */
export async function readKeyFile(dir: KeyDir, file: string): Promise<string | undefined> {
  try {
    return await readFile(join(dir.path, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unusableDir(dir, err);
  }
}

const modeOf = (file: string) => (file.includes('key') || file.startsWith('server') ? 0o600 : 0o644);
const tempName = (dir: KeyDir, file: string) => join(dir.path, `.${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** The file's text if it exists; else `make()`'s, published first-writer-wins (another process's if it won). */
export async function readOrPublish(dir: KeyDir, file: string, make: () => Promise<string> | string): Promise<string> {
  const existing = await readKeyFile(dir, file);
  if (existing !== undefined) return existing;
  const content = await make();
  const target = join(dir.path, file);
  const temp = tempName(dir, file);
  try {
    await writeFile(temp, content, { mode: modeOf(file) });
    try {
      await link(temp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return (await readKeyFile(dir, file)) ?? content;
      // A file system without hard links: exclusive create (a racing reader could see a partial file).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      await writeFile(target, content, { mode: modeOf(file), flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      return (await readKeyFile(dir, file)) ?? content;
    }
    return content;
  } catch (err) {
    throw err instanceof KeyMaterialError ? err : unusableDir(dir, err);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Replaces the file whole (last writer wins); failures are ignored: it is a cache (the server certificate). */
export async function replaceQuietly(dir: KeyDir, file: string, content: string): Promise<void> {
  const temp = tempName(dir, file);
  try {
    await writeFile(temp, content, { mode: modeOf(file) });
    await rename(temp, join(dir.path, file));
  } catch {
    await unlink(temp).catch(() => {});
  }
}

/** Replaces the file whole by rename (readers see the old or the new, never a part); failures are thrown. */
export async function replaceFile(dir: KeyDir, file: string, content: string): Promise<void> {
  const temp = tempName(dir, file);
  try {
    await writeFile(temp, content, { mode: modeOf(file) });
    await rename(temp, join(dir.path, file));
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw unusableDir(dir, err);
  }
}

const LOCK = 'ca.lock';
/** A lock older than this is left over from a start that died (making a CA takes well under a second). */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

/**
 * Runs `fn` holding `<dir>/ca.lock` (exclusive create): the CA's key and certificate are two files, so
 * changing them (a new CA, a CA widened for new names) is done by one start at a time, and a start that
 * sees them disagree waits here for the change to finish.
 */
export async function withCaLock<T>(dir: KeyDir, fn: () => Promise<T>): Promise<T> {
  const path = join(dir.path, LOCK);
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unusableDir(dir, err);
    }
    const since = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (since > STALE_LOCK_MS) await unlink(path).catch(() => {});
    else if (Date.now() > until) throw new KeyMaterialError(`${path} is held by another start for over a minute. If no intune-mock is starting, delete it.`);
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => {});
  }
}
