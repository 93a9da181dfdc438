/**
 * The per-user cache directory of an application, as each platform defines it:
 * Linux and other Unixes `$XDG_CACHE_HOME/<app>` or `~/.cache/<app>`
 * (https://specifications.freedesktop.org/basedir-spec/latest/), macOS `~/Library/Caches/<app>`
 * (https://developer.apple.com/library/archive/documentation/FileManagement/Conceptual/FileSystemProgrammingGuide/MacOSXDirectories/MacOSXDirectories.html),
 * Windows `%LOCALAPPDATA%\<app>\Cache`.
 * Ten lines rather than a dependency (`env-paths` gives the same, plus a `-nodejs` suffix by default):
 * nothing to install, and the platform, environment and home are parameters a test can set.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export function userCacheDir(app: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), app, 'Cache');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', app);
  // The spec: a relative $XDG_CACHE_HOME is invalid and is ignored.
  const xdg = env.XDG_CACHE_HOME;
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.cache'), app);
}
