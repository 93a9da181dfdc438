import t from 'tap';
import { userCacheDir } from '../../src/lib/user-cache-dir.js';

t.test('the per-user cache directory of each platform', async (t) => {
  t.equal(userCacheDir('intune-mock', {}, 'linux', '/home/ann'), '/home/ann/.cache/intune-mock');
  t.equal(userCacheDir('intune-mock', { XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann'), '/var/cache/ann/intune-mock');
  t.equal(userCacheDir('intune-mock', { XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ann'), '/home/ann/.cache/intune-mock', 'a relative XDG_CACHE_HOME is ignored');
  t.equal(userCacheDir('intune-mock', { XDG_CACHE_HOME: '/x' }, 'darwin', '/Users/ann'), '/Users/ann/Library/Caches/intune-mock');
  t.equal(userCacheDir('intune-mock', { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann'), 'C:\\Users\\ann\\AppData\\Local\\intune-mock\\Cache');
  t.equal(userCacheDir('intune-mock', {}, 'win32', 'C:\\Users\\ann'), 'C:\\Users\\ann\\AppData\\Local\\intune-mock\\Cache');
});
