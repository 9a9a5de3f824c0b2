// Chromium flags for the probe: the same as playwright.config.ts's CHROMIUM_ARGS (that file is
// TypeScript, which plain `node` cannot import). They keep a headless root Chromium off the network.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
