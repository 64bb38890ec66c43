// Finds a Chromium for Playwright: Debian's /usr/bin/chromium (installed with apt when we are root
// and it is missing), else Playwright's own downloaded browser (`npx playwright install chromium`).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const DEBIAN = '/usr/bin/chromium';

export function ensureChromium() {
  if (process.env.HARBINGER_CHROMIUM && existsSync(process.env.HARBINGER_CHROMIUM)) return process.env.HARBINGER_CHROMIUM;
  if (existsSync(DEBIAN)) return DEBIAN;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('[harbinger] installing Debian chromium for end-to-end tests…');
    try {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
    } catch {
      console.log('[harbinger] apt-get install chromium failed; falling back to Playwright\'s browser');
    }
    if (existsSync(DEBIAN)) return DEBIAN;
  }
  return null; // Playwright uses its own browser (installed with `npx playwright install chromium`).
}
