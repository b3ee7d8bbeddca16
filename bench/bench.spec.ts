// Time to a rendered table (cold and warm), search keystroke latency, the switch to another view
// and bundle sizes: the Rust/wasm release build against a plain JavaScript page doing the same
// work, in the same run, behind the same nginx and grafana-sim. Timings are printed, never
// asserted.
import { test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
/** The service accounts seeded for the switch to their tab (more than one, so the table's
 * "No service accounts found" row never passes for them). */
const ACCOUNTS = 5;

type Size = { raw: number; gzip: number; brotli: number };

/** A file's bytes raw, gzip -9 and brotli -q 11: what scripts/precompress.sh puts beside it. */
function sizeOf(file: string): Size {
  const bytes = readFileSync(file);
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
}

const sum = (sizes: Size[]): Size => ({
  raw: sizes.reduce((total, size) => total + size.raw, 0),
  gzip: sizes.reduce((total, size) => total + size.gzip, 0),
  brotli: sizes.reduce((total, size) => total + size.brotli, 0),
});

/** The split build's folder (scripts/split-build.sh), pkg-<hash>/, if `dist` has one. */
function splitFolder(dist: string) {
  const name = readdirSync(dist).find((entry) => /^pkg-[0-9a-f]+$/.test(entry));
  return name && path.join(dist, name);
}

/** Bytes of the files that make the page (not config.json, not icons), each compressed on its
 * own. In the app's split build, the first screen's files of its pkg-<hash>/ folder: the main
 * module, its glue and the split loader, not the chunks the other views fetch. */
function bundleSize(dir: string): Size {
  const names = readdirSync(dir).flatMap((name) =>
    /^pkg-[0-9a-f]+$/.test(name)
      ? ['main_bg.wasm', 'main.js', '__wasm_split.js'].map((file) => path.join(name, file))
      : [name],
  );
  return sum(names.filter((name) => /\.(wasm|js|css|html)$/.test(name)).map((name) => sizeOf(path.join(dir, name))));
}

/** The chunks index.html's <meta name="trunk-app"> lists in data-chunks (boot.js prefetches them). */
function listedChunks(dist: string): string[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const chunks = /<meta name="?trunk-app"?[^>]*\sdata-chunks="([^"]*)"/.exec(html)?.[1] ?? '';
  return chunks.split(' ').filter(Boolean);
}

/** A split name without what makes it unique but unreadable: `split___service_accounts_route_view_1553…
 * .wasm` (the module of one split point: a view or a dialog) and the split point's own name in
 * __wasm_split.js, `__service_accounts_route_view_1553…`, are both `service_accounts_route_view`. */
const splitName = (name: string) => name.replace(/\.wasm$/, '').replace(/^split_/, '').replace(/^_+/, '').replace(/_\d+$/, '');

/** Which split points each shared chunk (`chunk_<n>.wasm`: code that more than one split point
 * needs) serves, as wasm-split-cli writes them in a comment above the chunk's loader. */
function chunkUsers(folder: string): Map<string, string[]> {
  const loader = readFileSync(path.join(folder, '__wasm_split.js'), 'utf8');
  const users = new Map<string, string[]>();
  for (const [, names, chunk] of loader.matchAll(/\/\* ([^*]*) \*\/\s*const __(chunk_\d+) =/g)) {
    users.set(`${chunk}.wasm`, names.split(',').map((name) => splitName(name.trim())));
  }
  return users;
}

type Chunk = { file: string; label: string; users: string[]; size: Size };

/** The main module and every chunk of the split build, each compressed on its own; undefined for
 * a build that is not split. */
function chunkSizes(dist: string) {
  const folder = splitFolder(dist);
  if (!folder) return undefined;
  const users = chunkUsers(folder);
  const chunks: Chunk[] = listedChunks(dist)
    .filter((file) => existsSync(path.join(folder, file)))
    .map((file) => ({
      file,
      label: /^chunk_\d+\.wasm$/.test(file) ? file.replace(/\.wasm$/, '') : splitName(file),
      users: users.get(file) ?? [],
      size: sizeOf(path.join(folder, file)),
    }))
    // The split points' own modules first, then the shared chunks; the largest first in each.
    .sort((a, b) => Number(a.file.startsWith('chunk_')) - Number(b.file.startsWith('chunk_')) || b.size.raw - a.size.raw);
  return { main: sizeOf(path.join(folder, 'main_bg.wasm')), chunks };
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
 * One load of `url` + org/apikeys in `context`, in a page of its own (closed after), until the
 * table holds all the keys: when that happened, the bytes Chromium transferred (Resource Timing's
 * transferSize of the document and every resource: headers and compressed bodies, 0 for what the
 * HTTP cache answered) and, for the app, when each phase of the start-up ended. `quiet`: the page
 * is closed only once it has made no request for 500 ms (Playwright's networkidle; the app's idle
 * prefetch of its chunks done), so that what follows in the context does not start while this
 * page's late requests are cut off, or run beside them.
 */
async function load(context: BrowserContext, url: string, label: string, quiet = false): Promise<Load> {
  const page = await context.newPage();
  try {
    const timed = await timedLoad(page, url, label);
    if (quiet) await page.waitForLoadState('networkidle');
    return timed;
  } finally {
    await page.close();
  }
}

async function timedLoad(page: Page, url: string, label: string): Promise<Load> {
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
    const rendered = (window as any).__rendered as number;
    // The first screen's requests only: once the table is shown, the app prefetches its chunks
    // while idle (boot.js), and those may have been fetched by the time this runs.
    const transfer = resources
      .filter((entry) => entry.startTime <= rendered)
      .reduce((sum, entry) => sum + entry.transferSize, navigation.transferSize);
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
    phases.push({ label: 'table shown', at: rendered });
    return { rendered, transfer, phases };
  });
}

/**
 * A cold load of the page, then a warm one: a second load in the same context, the first page
 * closed once it was quiet, as when a user comes back. The context is new (no HTTP cache); the
 * second load finds every hashed file (immutable) in its HTTP cache, and asks again for what is
 * `no-cache` (index.html, config.json) and for the API's answers.
 *
 * V8's compiled wasm is not kept between the two: Playwright's contexts are off the record, and
 * there Chromium keeps no code cache (traced with Chromium 156: no "v8.wasm.cachedModule" event,
 * and the second load compiles the same functions again). A profile on disk would not change the
 * second load either: there Chromium wrote the compiled module, when it did at all (once in four
 * tries: only once V8's optimising tier has compiled enough of it), during the second load, for a
 * third to use.
 */
async function coldThenWarm(browser: Browser, server: AppServer, label: string) {
  const context = await browser.newContext();
  try {
    await context.request.post(server.origin + '/login', { data: ADMIN });
    const cold = await load(context, server.url, label, true);
    const warm = await load(context, server.url, label);
    return { cold, warm };
  } finally {
    await context.close();
  }
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

/**
 * In-page probe of the switch to the service accounts tab, installed as an init script (so its
 * listener runs before the app's). As the keystroke probe: the start is a capturing `click`
 * listener on window, the DOM update the first MutationObserver callback after which the
 * accounts table has all its rows, and the next frame a message posted from a
 * requestAnimationFrame callback after that.
 */
function switchProbe(rows: number) {
  const w = window as any;
  let start: number | null = null;
  addEventListener('click', () => (start ??= performance.now()), true);
  new MutationObserver((_, observer) => {
    if (start === null || document.querySelectorAll('table.sa-table tbody tr').length < rows) return;
    observer.disconnect();
    const began = start;
    const dom = performance.now() - began;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (w.__switched = { at: began, dom, frame: performance.now() - began });
      channel.port2.postMessage(null);
    });
  }).observe(document, { childList: true, subtree: true });
}

/** Init script: no prefetch. boot.js prefetches the chunks that <meta name="trunk-app">'s
 * data-chunks lists, reading it once the first table is shown; this removes the attribute as
 * soon as the parser has added the element, so the list boot.js reads is empty. */
function withoutPrefetch() {
  new MutationObserver((_, observer) => {
    const app = document.querySelector('meta[name="trunk-app"]');
    if (!app) return;
    app.removeAttribute('data-chunks');
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

/** The chunks (the build folder's .wasm files but the main module) the page has fetched, or
 * taken from its HTTP cache (transfer 0), by Resource Timing. */
function chunksFetched() {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((entry) => /\/pkg-[0-9a-f]+\/[^/]+\.wasm$/.test(new URL(entry.name).pathname) && !entry.name.endsWith('/main_bg.wasm'))
    .map((entry) => ({ file: entry.name.split('/').pop()!, start: entry.startTime, transfer: entry.transferSize }));
}

/** Resolves when the page's main thread has been idle once (after the idle callbacks already
 * queued, boot.js's prefetch among them). */
const idle = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 })));

/** Waits until every chunk the page's data-chunks lists has been fetched. */
async function prefetchDone(page: Page) {
  const listed = (await page.locator('meta[name="trunk-app"]').getAttribute('data-chunks'))!.split(' ');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const fetched = new Set((await page.evaluate(chunksFetched)).map((chunk) => chunk.file));
    const missing = listed.filter((file) => !fetched.has(file));
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`chunks never prefetched: ${missing.join(' ')}`);
    await page.waitForTimeout(50);
  }
}

type Switch = { dom: number; frame: number; chunks: number; transfer: number };

/**
 * From the keys page (cold: a new context), a click on the "Service accounts" tab, timed to the
 * accounts table with all its rows. `prefetched`: the click waits until every chunk data-chunks
 * lists has been fetched (boot.js's idle prefetch); else the page never prefetches
 * (withoutPrefetch), and the view's chunks come from nginx on the click. Either way the click
 * waits for the table of keys, then for the page to be idle, so no start-up work is timed. Checks
 * that the case is what it says: no chunk fetched before an unprefetched click, and a prefetched
 * switch taking every chunk from the HTTP cache.
 */
async function tabSwitch(browser: Browser, server: AppServer, prefetched: boolean): Promise<Switch> {
  const context = await browser.newContext();
  try {
    await context.request.post(server.origin + '/login', { data: ADMIN });
    const page = await context.newPage();
    await page.addInitScript(switchProbe, ACCOUNTS);
    if (!prefetched) await page.addInitScript(withoutPrefetch);
    await page.goto(server.url + 'org/apikeys');
    await page.locator(ROWS).nth(KEYS - 1).waitFor({ timeout: 30_000 });
    await idle(page);
    if (prefetched) {
      await prefetchDone(page);
      await idle(page);
    }
    const before = await page.evaluate(chunksFetched);
    if (!prefetched && before.length > 0) throw new Error(`not prefetched, yet ${before.length} chunks were fetched before the click`);
    await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
    await page.waitForFunction(() => (window as any).__switched !== undefined, null, { timeout: 30_000 });
    const { at, dom, frame } = await page.evaluate(() => (window as any).__switched);
    const after = (await page.evaluate(chunksFetched)).filter((chunk) => chunk.start >= at);
    const transfer = after.reduce((total, chunk) => total + chunk.transfer, 0);
    if (after.length === 0) throw new Error('the switch fetched no chunk: is the build split?');
    if (prefetched && transfer > 0) throw new Error(`prefetched, yet the switch fetched ${transfer} B of chunks from the network`);
    if (!prefetched && after.some((chunk) => chunk.transfer === 0)) throw new Error('not prefetched, yet a chunk came from the HTTP cache');
    return { dom, frame, chunks: after.length, transfer };
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

/** The bench's keys, and the service accounts of the tab the switch opens (each with a token), in
 * the sim, which replaces all it had. */
async function seedSim(sim: Sim, keys: SeedKey[]) {
  const serviceAccounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    name: `bench-account-${i + 1}`,
    role: ['Viewer', 'Editor', 'Admin'][i % 3],
    tokens: [{ name: `bench-account-${i + 1}-token`, secondsToLive: 86400 * (i + 1) }],
  }));
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ keys, serviceAccounts }),
  });
  if (!response.ok) throw new Error(`seeding the sim: ${response.status} ${await response.text()}`);
}

type Result = {
  cold: Load[];
  warm: Load[];
  size: Size;
  keys: { dom: number[]; frame: number[] };
  gzip: number;
  brotli: number;
};

/** Runs one extra first round that is not counted: it warms nginx and the OS caches. */
async function timedRuns(run: (counted: boolean) => Promise<void>) {
  for (let round = 0; round < RUNS + 1; round++) await run(round > 0);
}

test('time to a rendered table of 100 keys, cold and warm, the switch to another view, search keystroke latency, and bundle and chunk sizes', async ({
  browser,
}) => {
  // Two loads per page and run, then the switches: more than the config's 10 minutes on a busy
  // machine at the default runs.
  test.setTimeout(Math.max(600_000, RUNS * 90_000));
  const sim = await Sim.start();
  const seed = benchKeys();
  await seedSim(sim, seed);
  const pages: Record<string, string> = {
    [APP]: path.resolve(process.env.APP_DIST ?? path.join(__dirname, '../dist')),
    [PLAIN]: path.join(__dirname, 'plain-js'),
  };
  // What the stack costs before any of the app's code: the plain page's work in Leptos
  // (bench/leptos-floor, which `make bench` builds).
  if (process.env.FLOOR_DIST) pages[FLOOR] = path.resolve(process.env.FLOOR_DIST);
  const warmUp = keystrokes(seed, 1).length;
  const steps = keystrokes(seed, 1 + Math.ceil(KEYSTROKES / 4)).slice(0, warmUp + KEYSTROKES);
  const results: Record<string, Result> = {};
  const switches: Record<'prefetched' | 'direct', Switch[]> = { prefetched: [], direct: [] };
  const servers = new Map<string, AppServer>();
  try {
    for (const [label, dist] of Object.entries(pages)) servers.set(label, await AppServer.start(dist, sim.url));
    // The pages' loads take turns, so a busy moment of the machine falls on each alike.
    const loads = new Map<string, { cold: Load[]; warm: Load[] }>();
    for (const label of servers.keys()) loads.set(label, { cold: [], warm: [] });
    await timedRuns(async (counted) => {
      for (const [label, server] of servers) {
        const { cold, warm } = await coldThenWarm(browser, server, label);
        if (counted) loads.get(label)!.cold.push(cold);
        if (counted) loads.get(label)!.warm.push(warm);
      }
    });
    // Only the app has other views. Prefetched and not take turns too.
    await timedRuns(async (counted) => {
      for (const prefetched of [true, false]) {
        const one = await tabSwitch(browser, servers.get(APP)!, prefetched);
        if (counted) switches[prefetched ? 'prefetched' : 'direct'].push(one);
      }
    });
    for (const [label, server] of servers) {
      results[label] = {
        ...loads.get(label)!,
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

  const lines = [
    ...loadReport(results, 'cold'),
    '',
    ...loadReport(results, 'warm'),
    '',
    ...transferReport(results),
    '',
    ...chunkReport(pages[APP]),
    '',
    ...phaseReport(results[APP]),
    '',
    ...switchReport(switches),
    '',
    ...keystrokeReport(results, warmUp),
  ];
  console.log('\n' + lines.join('\n') + '\n');
  mkdirSync(path.join(__dirname, 'test-results'), { recursive: true });
  writeFileSync(path.join(__dirname, 'test-results', 'bench.md'), lines.join('\n') + '\n');
});

const bytes = (n: number) => `${n.toLocaleString('en')} B`;
const times = (loads: Load[]) => loads.map((one) => one.rendered);
const ratio = (of: number[], to: number[]) =>
  `${(median(of) / median(to)).toFixed(2)}× at the median, ${(p90(of) / p90(to)).toFixed(2)}× at p90`;

/** Time to table, cold or warm, the pages side by side, and the ratios. */
function loadReport(results: Record<string, Result>, which: 'cold' | 'warm') {
  const timesOf = (label: string) => times(results[label][which]);
  const [app, plain] = [timesOf(APP), timesOf(PLAIN)];
  const floor = results[FLOOR] && timesOf(FLOOR);
  const table =
    which === 'cold'
      ? [
          `Time from navigation start to a rendered table of ${KEYS} keys, ${RUNS} cold loads each (after one warm-up; a new browser context each: no HTTP cache, no compiled code), headless Chromium, nginx and grafana-sim on loopback:`,
          '',
          '| page | median | p90 | bundle raw | bundle gzip -9 | bundle brotli |',
          '|---|---|---|---|---|---|',
          ...Object.entries(results).map(
            ([label, r]) =>
              `| ${label} | ${median(times(r.cold)).toFixed(0)} ms | ${p90(times(r.cold)).toFixed(0)} ms | ${bytes(r.size.raw)} | ${bytes(r.size.gzip)} | ${bytes(r.size.brotli)} |`,
          ),
        ]
      : [
          `The same, warm: ${RUNS} second loads each, every one in the context of a cold load just before (that page closed once it made no more requests: the app's chunks prefetched), the pages taking turns as above. The HTTP cache answers every hashed file; index.html and config.json (no-cache) are revalidated and the API asked again. V8's compiled code is not kept between the loads (these contexts are off the record: Chromium keeps no code cache), so the wasm is compiled again:`,
          '',
          '| page | median | p90 | transferred (median) |',
          '|---|---|---|---|',
          ...Object.entries(results).map(
            ([label, r]) =>
              `| ${label} | ${median(times(r.warm)).toFixed(0)} ms | ${p90(times(r.warm)).toFixed(0)} ms | ${bytes(median(r.warm.map((one) => one.transfer)))} |`,
          ),
        ];
  return [
    ...table,
    '',
    `Time to table (${which}), this app against the plain page: ${ratio(app, plain)}.`,
    ...(floor
      ? [
          `The floor (the plain page's work in Leptos) against the plain page: ${ratio(floor, plain)}; this app against the floor: ${ratio(app, floor)}.`,
        ]
      : []),
    ...(which === 'warm'
      ? [
          `Warm against cold: ${Object.entries(results)
            .map(([label, r]) => `${label} ${ratio(times(r.warm), times(r.cold))}`)
            .join('; ')}.`,
        ]
      : []),
  ];
}

function transferReport(results: Record<string, Result>) {
  return [
    "Bytes Chromium transferred for one cold load's first screen (every request sent until the table showed: not the chunks the app prefetches after) through the project's nginx config (headers and compressed bodies, Resource Timing):",
    '',
    '| page | gzip | brotli |',
    '|---|---|---|',
    ...Object.entries(results).map(([label, r]) => `| ${label} | ${bytes(r.gzip)} | ${bytes(r.brotli)} |`),
  ];
}

/** The app's main module and chunks, and their sum: the whole app's wasm. */
function chunkReport(dist: string) {
  const split = chunkSizes(dist);
  if (!split) return ['This app\'s build is not split (no pkg-<hash>/ folder): no chunks.'];
  const row = (label: string, size: Size, serves: string) =>
    `| ${label} | ${bytes(size.raw)} | ${bytes(size.gzip)} | ${bytes(size.brotli)} | ${serves} |`;
  const chunks = sum(split.chunks.map((chunk) => chunk.size));
  return [
    `This app's wasm: the main module (the first screen's) and the ${split.chunks.length} chunks index.html's data-chunks lists (boot.js prefetches them once the first table is shown), each file compressed on its own. A split point's module (a view or a dialog loaded on demand) is named after it; chunk_<n> is code that several split points share, loaded with any of them:`,
    '',
    '| file | raw | gzip -9 | brotli | loaded for |',
    '|---|---|---|---|---|',
    row('main_bg.wasm', split.main, 'the first screen'),
    ...split.chunks.map((chunk) =>
      row(chunk.label, chunk.size, chunk.users.length ? chunk.users.join(', ') : 'itself'),
    ),
    row(`all ${split.chunks.length} chunks`, chunks, ''),
    row('main_bg.wasm + all chunks', sum([split.main, chunks]), 'the whole app'),
    '',
    "The last row stands for the app's wasm unsplit, roughly: the sum of the files (one unsplit file would lose the imports and exports that join the chunks, and compress a little better than many).",
  ];
}

/** When each phase of this app's start-up ended, cold and warm. */
function phaseReport(app: Result) {
  const cold = medianPhases(app.cold);
  const warm = new Map(medianPhases(app.warm).map((phase) => [phase.label, phase.at]));
  const at = (ms?: number) => (ms === undefined ? '—' : `${ms.toFixed(0)} ms`);
  return [
    `This app's loads, Resource Timing: when each phase ended (a request's phase: when it was sent), median of the ${RUNS} loads, in ms from navigation start:`,
    '',
    '| phase | cold | warm |',
    '|---|---|---|',
    ...cold.map((phase) => `| ${phase.label} | ${at(phase.at)} | ${at(warm.get(phase.label))} |`),
  ];
}

function switchReport(switches: Record<'prefetched' | 'direct', Switch[]>) {
  const row = (label: string, timed: Switch[]) => {
    const frame = timed.map((one) => one.frame);
    const dom = timed.map((one) => one.dom);
    return `| ${label} | ${ms(median(frame))} (${ms(median(dom))}) | ${ms(p90(frame))} (${ms(p90(dom))}) | ${ms(max(frame))} (${ms(max(dom))}) | ${median(timed.map((one) => one.chunks))} | ${bytes(median(timed.map((one) => one.transfer)))} |`;
  };
  const { prefetched, direct } = switches;
  return [
    `This app, from the keys page (a cold load, then idle) to the service accounts tab: from the click on "Service accounts" to the end of the next frame after its table shows its ${ACCOUNTS} accounts (and, in brackets, to that DOM update), ${RUNS} times each way, taking turns (after one round not counted). Prefetched: the click waits until boot.js has fetched every chunk data-chunks lists. Not prefetched: an init script removes data-chunks before boot.js reads it, so nothing is prefetched and the view's chunks are fetched from nginx on the click (on loopback; gzip, as Chromium asks for brotli only over https):`,
    '',
    '| switch | median | p90 | max | chunks fetched | chunk bytes transferred |',
    '|---|---|---|---|---|---|',
    row('prefetched (from the HTTP cache)', prefetched),
    row('not prefetched', direct),
    '',
    `Not prefetched against prefetched: ${ratio(direct.map((one) => one.frame), prefetched.map((one) => one.frame))}.`,
  ];
}

function keystrokeReport(results: Record<string, Result>, warmUp: number) {
  return [
    `Search keystroke latency over the ${KEYS} keys, ${KEYSTROKES} keystrokes each (after ${warmUp} warm-up ones), every one changing the rows shown (19, 1, 19, 100 rows in turn): from the keydown to the end of the next frame after the DOM update (and, in brackets, to the DOM update itself):`,
    '',
    '| page | median | p90 | max |',
    '|---|---|---|---|',
    ...Object.entries(results).map(
      ([label, r]) =>
        `| ${label} | ${ms(median(r.keys.frame))} (${ms(median(r.keys.dom))}) | ${ms(p90(r.keys.frame))} (${ms(p90(r.keys.dom))}) | ${ms(max(r.keys.frame))} (${ms(max(r.keys.dom))}) |`,
    ),
  ];
}
