// Where the main thread's time goes in a cold load of the app: Chromium's sampling profiler (the
// DevTools protocol's Profiler) over a release build that keeps its function names (`make
// profile` builds one: wasm-opt off, so the figures are of less optimised code than the real
// bundle's, but the shares and names point at the right places). Samples are split by the phases
// of the load, and each phase prints the functions with the most self time, per load.
// "(program)" is the browser's own work, mostly compiling wasm (the module when it arrives, then
// each function lazily, the first time it runs). Printed, never asserted.
import { test } from '@playwright/test';
import path from 'node:path';
import { AppServer } from '../tests/e2e/support/nginx';
import { ADMIN, Sim } from '../tests/e2e/support/servers';
import { benchKeys, KEYS } from './keys';

const RUNS = Number(process.env.PROFILE_RUNS ?? 5);
const TOP = 20;

type Marks = { config: number; firstApi: number; wasm: number; started: number; lists: number; rendered: number; anchor: number };

test('where a cold load spends its main thread, by phase', async ({ browser }) => {
  const sim = await Sim.start();
  await sim.seed(benchKeys());
  const server = await AppServer.start(path.resolve(process.env.APP_DIST!), sim.url);
  const phases: Record<string, Record<string, number>> = {};
  try {
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext();
      await context.request.post(server.origin + '/login', { data: ADMIN });
      const page = await context.newPage();
      const devtools = await context.newCDPSession(page);
      await devtools.send('Profiler.enable');
      await devtools.send('Profiler.setSamplingInterval', { interval: 200 });
      await devtools.send('Profiler.start');
      await page.addInitScript((count) => {
        const w = window as any;
        // The profile's clock is not the page's: a named function, busy for 2 ms at a known
        // page time, ties the two together.
        w.__profileAnchor = function profileAnchor() {
          w.__anchor = performance.now();
          while (performance.now() < w.__anchor + 2);
        };
        addEventListener('TrunkApplicationStarted', () => (w.__started = performance.now()));
        new MutationObserver((_, observer) => {
          if (document.querySelectorAll('table tbody tr').length >= count) {
            w.__rendered = performance.now();
            observer.disconnect();
            setTimeout(w.__profileAnchor, 50);
          }
        }).observe(document, { childList: true, subtree: true });
      }, KEYS);
      await page.goto(server.url + 'org/apikeys');
      await page.waitForFunction(() => (window as any).__anchor !== undefined, null, { timeout: 30_000 });
      const { profile } = await devtools.send('Profiler.stop');
      const marks: Marks = await page.evaluate(() => {
        const w = window as any;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const first = (part: string) => resources.find((entry) => entry.name.includes(part))!;
        return {
          config: first('config.json').responseEnd,
          firstApi: first('/api/').startTime,
          wasm: first('.wasm').responseEnd,
          started: w.__started,
          lists: first('/api/auth/keys').responseEnd,
          rendered: w.__rendered,
          anchor: w.__anchor,
        };
      });
      await context.close();
      // The first load warms nginx and the OS caches.
      if (run === 0) continue;
      const windows: [string, number, number][] = [
        ['navigation → wasm downloaded', 0, marks.wasm],
        ['config.json answered → first API request sent', marks.config, marks.firstApi],
        ['wasm downloaded → app started (instantiated, main run)', marks.wasm, marks.started],
        ['app started → table shown', marks.started, marks.rendered],
        ['key lists answered → table shown', Math.max(marks.lists, marks.started), marks.rendered],
      ];
      const nodes = new Map<number, any>(profile.nodes.map((node: any) => [node.id, node]));
      let clock = profile.startTime;
      const at = profile.timeDeltas.map((delta: number) => (clock += delta) / 1000);
      const anchor = profile.samples.findIndex((id: number) => nodes.get(id).callFrame.functionName === 'profileAnchor');
      const offset = at[anchor] - marks.anchor;
      for (const [index, id] of profile.samples.entries()) {
        const { functionName, url } = nodes.get(id).callFrame;
        const name = `${functionName || '(anonymous)'}${url ? ' ' + url.replace(/.*\//, '').replace(/-[0-9a-f]+(_bg)?\./, '.') : ''}`;
        const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000 / RUNS;
        for (const [label, from, to] of windows) {
          const time = at[index] - offset;
          if (time >= from && time < to) (phases[label] ??= {})[name] = (phases[label][name] ?? 0) + ms;
        }
      }
    }
  } finally {
    await server.stop();
    await sim.stop();
  }
  for (const [label, functions] of Object.entries(phases)) {
    const total = Object.values(functions).reduce((sum, ms) => sum + ms, 0);
    console.log(`\n${label}: ${total.toFixed(1)} ms of samples per load`);
    for (const [name, ms] of Object.entries(functions).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 140)}`);
    }
  }
});
