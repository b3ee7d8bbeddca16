// Time to a rendered table and bundle size: the Rust/wasm release build against a plain
// JavaScript page doing the same work, in the same run, behind the same nginx and grafana-sim.
import { test } from '@playwright/test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppServer } from '../tests/e2e/support/nginx';
import { ADMIN, Sim } from '../tests/e2e/support/servers';

const KEYS = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** Bytes, raw and gzip -9, of the files that make the page (not config.json, not icons). */
function bundleSize(dir: string) {
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(dir)) {
    if (!/\.(wasm|js|css|html)$/.test(name)) continue;
    const bytes = readFileSync(path.join(dir, name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.9) - 1];

test('time to a rendered table of 100 keys, and bundle size', async ({ browser }) => {
  const sim = await Sim.start();
  const seed = Array.from({ length: KEYS }, (_, i) => ({
    name: `bench-key-${String(i).padStart(3, '0')}`,
    role: ['Viewer', 'Editor', 'Admin'][i % 3],
    secondsToLive: i % 4 === 0 ? null : 3600 * (i + 1),
  }));
  await sim.seed(seed);
  const pages = {
    'Rust + Leptos (wasm)': path.resolve(process.env.APP_DIST ?? path.join(__dirname, '../dist')),
    'plain JavaScript': path.join(__dirname, 'plain-js'),
  };
  const results: Record<string, { times: number[]; size: { raw: number; gzip: number } }> = {};
  try {
    for (const [label, dist] of Object.entries(pages)) {
      const server = await AppServer.start(dist, sim.url);
      const times: number[] = [];
      try {
        for (let run = 0; run < RUNS + 1; run++) {
          // A new context each time: no HTTP cache, no compiled wasm kept between runs.
          const context = await browser.newContext();
          await context.request.post(server.origin + '/login', { data: ADMIN });
          const page = await context.newPage();
          await page.addInitScript((count) => {
            new MutationObserver((_, observer) => {
              if (document.querySelectorAll('table tbody tr').length >= count) {
                (window as any).__rendered = performance.now();
                observer.disconnect();
              }
            }).observe(document, { childList: true, subtree: true });
          }, KEYS);
          await page.goto(server.url + 'org/apikeys');
          try {
            await page.waitForFunction(() => (window as any).__rendered !== undefined, null, {
              timeout: 30_000,
            });
          } catch (error) {
            await page.screenshot({ path: path.join(__dirname, 'test-results', 'stuck.png') });
            throw new Error(`${label}: no table within 30 s: ${await page.textContent('body')}`);
          }
          const rendered = await page.evaluate(() => (window as any).__rendered as number);
          // The first run warms nginx and the OS caches; it is not counted.
          if (run > 0) times.push(rendered);
          await context.close();
        }
      } finally {
        await server.stop();
      }
      results[label] = { times, size: bundleSize(dist) };
    }
  } finally {
    await sim.stop();
  }

  const lines = [
    `Time from navigation start to a rendered table of ${KEYS} keys, ${RUNS} cold loads each (after one warm-up), headless Chromium, nginx and grafana-sim on loopback:`,
    '',
    '| page | median | p90 | bundle raw | bundle gzip -9 |',
    '|---|---|---|---|---|',
    ...Object.entries(results).map(
      ([label, r]) =>
        `| ${label} | ${median(r.times).toFixed(0)} ms | ${p90(r.times).toFixed(0)} ms | ${r.size.raw.toLocaleString('en')} B | ${r.size.gzip.toLocaleString('en')} B |`,
    ),
  ];
  console.log('\n' + lines.join('\n') + '\n');
  writeFileSync(path.join(__dirname, 'test-results', 'bench.md'), lines.join('\n') + '\n');
});
