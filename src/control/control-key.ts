/**
 * The control key (docs/security.md#control-key): whether this run needs one, and which. Like a Jupyter
 * token: `INTUNE_MOCK_CONTROL_KEY` when set, else the one kept in `<data>/control-key` (so clients configured
 * once keep working across restarts), else a new one, written there with `--data` (mode 0600) and printed in
 * the banner.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Who may use the control API (`/_mock/*`, including `POST /_mock/tokens`): `auto` asks for the control key when
 * the mock listens beyond loopback, `key` always, `off` never.
 */
export const CONTROL_AUTH_MODES = ['auto', 'key', 'off'] as const;
export type ControlAuthMode = (typeof CONTROL_AUTH_MODES)[number];
/** The control key's variable: read from the environment only, never a flag (a flag shows in `ps`). */
export const CONTROL_KEY_ENV = 'INTUNE_MOCK_CONTROL_KEY';

/** The settings the control access depends on (a part of the mock's configuration). */
export interface ControlAccessConfig {
  readonly controlAuth: ControlAuthMode;
  readonly host: string;
  readonly controlKey?: string | undefined;
  readonly data?: string | undefined;
}

export const CONTROL_KEY_HEADER = 'x-mock-control-key';
export const CONTROL_KEY_FILE = 'control-key';

/** Addresses that only this machine can reach; any other `--host` (0.0.0.0, a LAN address, a name) is "beyond loopback". */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export interface ControlAccess {
  /** The key every guarded control call must carry, or undefined when none is needed. */
  readonly key: string | undefined;
  /** Where the key came from, for the banner and the 401's message. */
  readonly source: 'env' | 'file' | 'generated' | 'code' | undefined;
  /** `<data>/control-key` when the key is kept there. */
  readonly file: string | undefined;
  /** The control API is open to anyone who reaches a non-loopback listener (`--control-auth off`). */
  readonly openBeyondLoopback: boolean;
}

export function keyRequired(config: Pick<ControlAccessConfig, 'controlAuth' | 'host'>): boolean {
  return config.controlAuth === 'key' || (config.controlAuth === 'auto' && !isLoopbackHost(config.host));
}

/** 256 random bits, base64url (43 characters): node:crypto does in one line what nanoid would add a dependency for. */
export const newControlKey = (): string => randomBytes(32).toString('base64url');

/**
 * Decides the run's control access. With a key needed and none given: the one in `<data>/control-key`, or a
 * new one (written there with `--data`, never overwriting a file another process wrote first).
 */
export async function resolveControlAccess(config: ControlAccessConfig, fromEnv: 'env' | 'code' = 'env'): Promise<ControlAccess> {
  const openBeyondLoopback = config.controlAuth === 'off' && !isLoopbackHost(config.host);
  if (!keyRequired(config)) return { key: undefined, source: undefined, file: undefined, openBeyondLoopback };
  if (config.controlKey) return { key: config.controlKey, source: fromEnv, file: undefined, openBeyondLoopback };
  if (!config.data) return { key: newControlKey(), source: 'generated', file: undefined, openBeyondLoopback };
  const file = join(config.data, CONTROL_KEY_FILE);
  const kept = await readKey(file);
  if (kept) return { key: kept, source: 'file', file, openBeyondLoopback };
  const published = await publishKey(file, newControlKey(), kept === '');
  return { key: published.key, source: published.mine ? 'generated' : 'file', file, openBeyondLoopback };
}

/**
 * Puts the key in place whole: written to a temporary file (mode 0600) first, then linked into place, first
 * writer wins (another mock on the same directory that got there first: its key), so a start racing this one
 * never reads the file empty or half-written (as `src/identity/key-files.ts` readOrPublish does). `replace`:
 * the file there holds no usable key; it is renamed over.
 */
async function publishKey(file: string, key: string, replace: boolean): Promise<{ key: string; mine: boolean }> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${key}\n`, { mode: 0o600 });
    if (replace) {
      await rename(temp, file);
      return { key, mine: true };
    }
    try {
      await link(temp, file);
      return { key, mine: true };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        const other = await readKey(file);
        if (other) return { key: other, mine: false };
      }
      // A file system without hard links: exclusive create (a racing start could see it before it is filled).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
      return { key, mine: true };
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The key kept in the file; `''` when the file is there but holds no usable key (it is replaced); undefined when there is none. */
async function readKey(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return /^[\x21-\x7e]{16,512}$/.test(text) ? text : '';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Compares a presented key with the expected one in constant time (hashing first evens out the lengths). */
export function keyMatches(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Where a user finds the key, for the 401's message. */
export function whereTheKeyIs(access: ControlAccess): string {
  if (access.source === 'env') return `the key is the value of ${CONTROL_KEY_ENV} the mock was started with`;
  if (access.source === 'code') return 'the key is the one given to startMock() (RunningMock.controlKey)';
  const file = access.file ? ` and in ${access.file}` : '';
  return `the key is in the mock's start-up banner (docker logs)${file}; or start the mock with ${CONTROL_KEY_ENV} set`;
}
