// Finds a Chromium or Chrome for the browser tests. Order: $CHROMIUM_PATH, Debian's chromium,
// common Chrome installs. As root on Debian with none found, installs Debian's `chromium`
// (Playwright's own browser download does not work on these machines). Anywhere else, exits
// with a message saying exactly how to get one, never a stack trace.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function isRootOnDebian() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/etc/debian_version');
}

/** The path of a usable Chromium/Chrome, installing Debian's when allowed; exits when none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  if (isRootOnDebian()) {
    console.log('No Chromium found: installing Debian\'s chromium package (about a minute)…');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      fail('Installing Debian\'s chromium with apt-get failed (see the output above).');
    }
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
    fail('apt-get finished but /usr/bin/chromium is still missing.');
  }
  fail('No Chromium or Chrome found for the browser tests.');
}

function fail(reason) {
  console.error(`\n${reason}\n
The browser tests need a Chromium or Google Chrome. Either:
  - on Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium
  - on macOS: install Google Chrome from google.com/chrome
  - or point CHROMIUM_PATH at any Chromium or Chrome binary: CHROMIUM_PATH=/path/to/chrome npm test
(Playwright's own browser download is not used.)\n`);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(findChromium());
}
