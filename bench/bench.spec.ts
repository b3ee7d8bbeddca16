// Time to a rendered table, search keystroke latency and bundle size: the Rust/wasm release
// build against a plain JavaScript page doing the same work, in the same run, behind the same
// nginx and grafana-sim. Timings are printed, never asserted.
import { test, type Browser, type BrowserContext } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppServer } from '../tests/e2e/support/nginx';
import { ADMIN, Sim } from '../tests/e2e/support/servers';
import { benchKeys, KEYS, type SeedKey } from './keys';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const APP = 'Rust + Leptos (wasm)';
const PLAIN = 'plain JavaScript';
const FLOOR = 'Leptos floor (wasm: the plain page\'s work)';
/** Measured search keystrokes per page (after a warm-up round that is not counted). */
const KEYSTROKES = Math.max(30, Number(process.env.BENCH_KEYSTROKES ?? 40));
/** The rows shown: the app hides the rows a search leaves out rather than removing them. */
const ROWS = 'table.keys-table tbody tr:not([hidden])';

/** Bytes, raw and gzip -9, of the files that make the page (not config.json, not icons). In the
 * app's split build (scripts/split-build.sh), the first screen's files of its pkg-<hash>/ folder:
 * the main module, its glue and the split loader, not the chunks the other views fetch. */
function bundleSize(dir: string) {
  let raw = 0;
  let gzip = 0;
  const names = readdirSync(dir).flatMap((name) =>
    /^pkg-[0-9a-f]+$/.test(name)
      ? ['main_bg.wasm', 'main.js', '__wasm_split.js'].map((file) => path.join(name, file))
      : [name],
  );
  for (const name of names) {
    if (!/\.(wasm|js|css|html)$/.test(name)) continue;
    const bytes = readFileSync(path.join(dir, name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.9) - 1];
const max = (xs: number[]) => Math.max(...xs);
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * The keystrokes of the search run and the number of rows each leaves, as both pages filter
 * (name or role contains the search, ignoring case). Rounds of four keys, each changing the
 * rows: digit d (100 rows -> 19: names bench-key-0xy with d in them), digit e (-> the one key
 * bench-key-0de), Backspace (-> 19), Backspace (-> all 100). The digit 0 is avoided: every name
 * has one. The first round is a warm-up.
 */
function keystrokes(keys: SeedKey[], rounds: number) {
  const visible = (search: string) =>
    keys.filter(
      (key) => key.name.toLowerCase().includes(search.toLowerCase()) || key.role.toLowerCase().includes(search.toLowerCase()),
    ).length;
  const steps: { key: string; rows: number }[] = [];
  let search = '';
  for (let round = 0; round < rounds; round++) {
    const d = String(1 + (round % 9));
    const e = String(1 + ((round * 4 + 3) % 9));
    for (const key of [d, e, 'Backspace', 'Backspace']) {
      search = key === 'Backspace' ? search.slice(0, -1) : search + key;
      const rows = visible(search);
      const before = steps.length ? steps[steps.length - 1].rows : keys.length;
      if (rows === before) throw new Error(`keystroke ${key} (search "${search}") leaves the rows as they are`);
      steps.push({ key, rows });
    }
  }
  return steps;
}

/**
 * In-page probe of one keystroke's latency, installed as an init script (before the page's own
 * scripts, so its listener runs first).
 *
 * Start: performance.now() in a capturing `keydown` listener on window, the first script to see
 * the key (Playwright's keyboard.press goes through the browser's input pipeline: keydown, then
 * the `input` event the page filters on, in the same task).
 * DOM updated: the first MutationObserver callback after which the table holds the expected
 * number of rows. Observer callbacks run as microtasks at the end of each task that mutated the
 * DOM, so this catches the update whether the page renders in the input handler (plain JS) or in
 * a later task or microtask (Leptos' effects): it is the end of the script work that changed the
 * rows.
 * Next frame: from that callback, requestAnimationFrame, then a MessageChannel message posted
 * from the rAF callback. rAF callbacks run at the start of the next rendering update, before its
 * style, layout and paint; the message is handled in a task after that update, so its timestamp
 * is when the frame showing the new rows has been produced. This is the figure reported as the
 * keystroke latency; it is quantised by the frame rate (about 16.7 ms at 60 Hz).
 */
function keystrokeProbe() {
  const w = window as any;
  w.__keystrokes = [] as { dom: number; frame: number }[];
  w.__expectRows = -1;
  let start: number | null = null;
  let domAt: number | null = null;
  window.addEventListener(
    'keydown',
    () => {
      start = performance.now();
      domAt = null;
    },
    true,
  );
  new MutationObserver(() => {
    if (start === null || domAt !== null) return;
    if (document.querySelectorAll('table.keys-table tbody tr:not([hidden])').length !== w.__expectRows) return;
    domAt = performance.now();
    const began = start;
    const dom = domAt - began;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        w.__keystrokes.push({ dom, frame: performance.now() - began });
        start = null;
      };
      channel.port2.postMessage(null);
    });
  // Rows come and go (plain JS), or are hidden and shown (the app): both are mutations.
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
}

/** Types the steps into the page's search box; the latencies of the steps after `skip`. */
async function searchLatency(browser: Browser, origin: string, appUrl: string, steps: { key: string; rows: number }[], skip: number) {
  const context = await browser.newContext();
  try {
    await context.request.post(origin + '/login', { data: ADMIN });
    const page = await context.newPage();
    await page.addInitScript(keystrokeProbe);
    await page.goto(appUrl + 'org/apikeys');
    await page.locator(ROWS).nth(KEYS - 1).waitFor({ timeout: 30_000 });
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    await search.focus();
    for (const [index, step] of steps.entries()) {
      await page.evaluate((rows) => ((window as any).__expectRows = rows), step.rows);
      await page.keyboard.press(step.key);
      await page.waitForFunction((count) => (window as any).__keystrokes.length === count, index + 1, {
        timeout: 10_000,
      });
    }
    const all: { dom: number; frame: number }[] = await page.evaluate(() => (window as any).__keystrokes);
    const measured = all.slice(skip);
    return { dom: measured.map((m) => m.dom), frame: measured.map((m) => m.frame) };
  } finally {
    await context.close();
  }
}

type Phase = { label: string; at: number };
type Load = { rendered: number; transfer: number; phases: Phase[] };

/**
 * One cold load of `url` + org/apikeys in `context` (fresh: no HTTP cache, no compiled wasm),
 * until the table holds all the keys: when that happened, the bytes Chromium transferred
 * (Resource Timing's transferSize of the document and every resource: headers and compressed
 * bodies) and, for the app, when each phase of the start-up ended.
 */
async function load(context: BrowserContext, url: string, label: string): Promise<Load> {
  const page = await context.newPage();
  await page.addInitScript((count) => {
    // boot.js announces the app once the wasm is instantiated and its main has run.
    addEventListener('TrunkApplicationStarted', () => ((window as any).__started = performance.now()));
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll('table tbody tr').length >= count) {
        (window as any).__rendered = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, KEYS);
  await page.goto(url + 'org/apikeys');
  try {
    await page.waitForFunction(() => (window as any).__rendered !== undefined, null, { timeout: 30_000 });
  } catch (error) {
    await page.screenshot({ path: path.join(__dirname, 'test-results', 'stuck.png') });
    throw new Error(`${label}: no table within 30 s: ${await page.textContent('body')}`);
  }
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const transfer = resources.reduce((sum, entry) => sum + entry.transferSize, navigation.transferSize);
    const first = (test: (name: string) => boolean) => resources.find((entry) => test(entry.name));
    const phases: { label: string; at: number }[] = [{ label: 'HTML', at: navigation.responseEnd }];
    const add = (label: string, entry: PerformanceResourceTiming | undefined, field: 'startTime' | 'responseEnd') => {
      if (entry) phases.push({ label, at: entry[field] });
    };
    add('loader (boot.js) downloaded', first((name) => /\/boot-[0-9a-f]+\.js$/.test(name)), 'responseEnd');
    add('wasm downloaded', first((name) => name.endsWith('.wasm')), 'responseEnd');
    add('config.json requested', first((name) => name.endsWith('config.json')), 'startTime');
    add('config.json answered', first((name) => name.endsWith('config.json')), 'responseEnd');
    add('first API request', first((name) => name.includes('/api/')), 'startTime');
    add('key lists requested', first((name) => name.includes('/api/auth/keys')), 'startTime');
    add('key lists answered', first((name) => name.includes('/api/auth/keys')), 'responseEnd');
    const started = (window as any).__started;
    if (started !== undefined) phases.push({ label: 'app started (wasm instantiated, main run)', at: started });
    const rendered = (window as any).__rendered as number;
    phases.push({ label: 'table shown', at: rendered });
    return { rendered, transfer, phases };
  });
}

/** The bytes one cold load transfers when the browser asks for `encoding`. */
async function transferred(browser: Browser, origin: string, url: string, label: string, encoding: string) {
  // Chromium offers brotli only over https; the header makes it ask on loopback http too.
  const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Encoding': encoding } });
  try {
    await context.request.post(origin + '/login', { data: ADMIN });
    return (await load(context, url, label)).transfer;
  } finally {
    await context.close();
  }
}

/** Each phase's median over the loads, in the order they happen. */
function medianPhases(loads: Load[]): Phase[] {
  const labels = [...new Set(loads.flatMap((one) => one.phases.map((phase) => phase.label)))];
  return labels
    .map((label) => ({
      label,
      at: median(loads.flatMap((one) => one.phases.filter((phase) => phase.label === label).map((phase) => phase.at))),
    }))
    .sort((a, b) => a.at - b.at);
}

test('time to a rendered table of 100 keys, search keystroke latency, and bundle size', async ({ browser }) => {
  const sim = await Sim.start();
  const seed = benchKeys();
  await sim.seed(seed);
  const pages: Record<string, string> = {
    [APP]: path.resolve(process.env.APP_DIST ?? path.join(__dirname, '../dist')),
    [PLAIN]: path.join(__dirname, 'plain-js'),
  };
  // What the stack costs before any of the app's code: the plain page's work in Leptos
  // (bench/leptos-floor, which `make bench` builds).
  if (process.env.FLOOR_DIST) pages[FLOOR] = path.resolve(process.env.FLOOR_DIST);
  const warmUp = keystrokes(seed, 1).length;
  const steps = keystrokes(seed, 1 + Math.ceil(KEYSTROKES / 4)).slice(0, warmUp + KEYSTROKES);
  const results: Record<
    string,
    {
      times: number[];
      size: { raw: number; gzip: number };
      phases: Phase[];
      keys: { dom: number[]; frame: number[] };
      gzip: number;
      brotli: number;
    }
  > = {};
  const servers = new Map<string, AppServer>();
  try {
    for (const [label, dist] of Object.entries(pages)) servers.set(label, await AppServer.start(dist, sim.url));
    // The pages' loads take turns, so a busy moment of the machine falls on each alike.
    const loads = new Map<string, Load[]>();
    for (let run = 0; run < RUNS + 1; run++) {
      for (const [label, server] of servers) {
        // A new context each time: no HTTP cache, no compiled wasm kept between runs.
        const context = await browser.newContext();
        await context.request.post(server.origin + '/login', { data: ADMIN });
        const one = await load(context, server.url, label);
        // The first run warms nginx and the OS caches; it is not counted.
        if (run > 0) loads.set(label, [...(loads.get(label) ?? []), one]);
        await context.close();
      }
    }
    for (const [label, server] of servers) {
      const timed = loads.get(label)!;
      results[label] = {
        times: timed.map((one) => one.rendered),
        phases: medianPhases(timed),
        size: bundleSize(pages[label]),
        keys: await searchLatency(browser, server.origin, server.url, steps, warmUp),
        gzip: await transferred(browser, server.origin, server.url, label, 'gzip'),
        brotli: await transferred(browser, server.origin, server.url, label, 'br, gzip'),
      };
    }
  } finally {
    for (const server of servers.values()) await server.stop();
    await sim.stop();
  }

  const app = results[APP];
  const plain = results[PLAIN];
  const floor = results[FLOOR];
  const ratio = (of: number[], to: number[]) =>
    `${(median(of) / median(to)).toFixed(2)}× at the median, ${(p90(of) / p90(to)).toFixed(2)}× at p90`;
  const lines = [
    `Time from navigation start to a rendered table of ${KEYS} keys, ${RUNS} cold loads each (after one warm-up), headless Chromium, nginx and grafana-sim on loopback:`,
    '',
    '| page | median | p90 | bundle raw | bundle gzip -9 |',
    '|---|---|---|---|---|',
    ...Object.entries(results).map(
      ([label, r]) =>
        `| ${label} | ${median(r.times).toFixed(0)} ms | ${p90(r.times).toFixed(0)} ms | ${r.size.raw.toLocaleString('en')} B | ${r.size.gzip.toLocaleString('en')} B |`,
    ),
    '',
    `Time to table, this app against the plain page: ${ratio(app.times, plain.times)}.`,
    ...(floor
      ? [
          `The floor (the plain page's work in Leptos) against the plain page: ${ratio(floor.times, plain.times)}; this app against the floor: ${ratio(app.times, floor.times)}.`,
        ]
      : []),
    '',
    'Bytes Chromium transferred for one cold load through the project\'s nginx config (headers and compressed bodies, Resource Timing):',
    '',
    '| page | gzip | brotli |',
    '|---|---|---|',
    ...Object.entries(results).map(
      ([label, r]) => `| ${label} | ${r.gzip.toLocaleString('en')} B | ${r.brotli.toLocaleString('en')} B |`,
    ),
    '',
    `This app's cold loads, Resource Timing: when each phase ended (a request's phase: when it was sent), median of the ${RUNS} loads, in ms from navigation start:`,
    '',
    '| phase | at |',
    '|---|---|',
    ...app.phases.map((phase) => `| ${phase.label} | ${phase.at.toFixed(0)} ms |`),
    '',
    `Search keystroke latency over the ${KEYS} keys, ${KEYSTROKES} keystrokes each (after ${warmUp} warm-up ones), every one changing the rows shown (19, 1, 19, 100 rows in turn): from the keydown to the end of the next frame after the DOM update (and, in brackets, to the DOM update itself):`,
    '',
    '| page | median | p90 | max |',
    '|---|---|---|---|',
    ...Object.entries(results).map(
      ([label, r]) =>
        `| ${label} | ${ms(median(r.keys.frame))} (${ms(median(r.keys.dom))}) | ${ms(p90(r.keys.frame))} (${ms(p90(r.keys.dom))}) | ${ms(max(r.keys.frame))} (${ms(max(r.keys.dom))}) |`,
    ),
  ];
  console.log('\n' + lines.join('\n') + '\n');
  mkdirSync(path.join(__dirname, 'test-results'), { recursive: true });
  writeFileSync(path.join(__dirname, 'test-results', 'bench.md'), lines.join('\n') + '\n');
});
