// Bytes per second the dashboard's own stream costs, measured in headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core), as a
// viewer's browser receives them: the wire bytes of the page's SSE request
// (after any Content-Encoding), from the DevTools protocol's
// Network.dataReceived events. Also saves a screenshot of the page.
//
//   ACOUSTREAM_BIN=build/release/acoustream node bench/dashboard_bytes.mjs [seconds] [screenshot.png]
//
// Starts its own server on the simulated source (default settings) on an
// ephemeral loopback port and stops it at the end. Prints one line per
// second and a summary; docs/benchmarks.md has the figures.
import { chromium } from 'playwright-core';

import { startServer } from '../tests/node/server.mjs';

const seconds = Number(process.argv[2] ?? 10);
const screenshot = process.argv[3] ?? null;
const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const server = await startServer({ args: ['--source', 'simulated'] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 980 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const streams = new Map();  // requestId -> url of the page's event streams
  let bytes = 0;
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (response.mimeType === 'text/event-stream') streams.set(requestId, response.url);
  });
  cdp.on('Network.dataReceived', ({ requestId, encodedDataLength }) => {
    if (streams.has(requestId)) bytes += encodedDataLength;
  });
  await page.goto(server.dashboard);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'live', null, {
    timeout: 15000,
  });
  await page.waitForTimeout(3000);  // past the first second's backlog and replay
  const start = bytes;
  const t0 = Date.now();
  let last = bytes;
  for (let s = 1; s <= seconds; s++) {
    await page.waitForTimeout(1000);
    console.log(`second ${s}: ${((bytes - last) / 1000).toFixed(1)} KB`);
    last = bytes;
  }
  const elapsed = (Date.now() - t0) / 1000;
  const rate = (bytes - start) / elapsed / 1000;
  for (const u of new Set(streams.values())) {
    const url = new URL(u);
    url.searchParams.delete('access_token');
    url.searchParams.delete('last_event_id');
    console.log(`stream: ${url.pathname}${url.search}`);
  }
  console.log(`dashboard stream: ${rate.toFixed(1)} KB/s over ${elapsed.toFixed(1)} s (wire bytes)`);
  const strip = await page.locator('.readouts').textContent().catch(() => '');
  if (strip) console.log(`stats strip: ${strip.replace(/\s+/g, ' ').trim()}`);
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
