/**
 * Debian's Chromium as Sotong drives it (reports, end-to-end tests): never a
 * downloaded browser; headless, no sandbox (we run as root in CI), and none
 * of the background network services a closed network refuses.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
