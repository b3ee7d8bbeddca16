import { defineConfig } from '@playwright/test';

// `make bench`: not part of `make test` (timings are measured, never asserted).
export default defineConfig({
  testDir: '.',
  // `make bench` runs bench.spec.ts, `make profile` profile.spec.ts.
  testMatch: process.env.BENCH_SPEC ?? 'bench.spec.ts',
  outputDir: './test-results',
  timeout: 600_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    },
  },
});
