import path from 'node:path';
import { defineConfig } from '@playwright/test';
import suite from './playwright.config';

// `make screenshots`: the README's pictures, from the same browser, servers and fixtures as the
// end-to-end suite, but not part of `make test` (it writes files under docs/).
export default defineConfig({
  ...suite,
  testDir: '.',
  // screenshots.spec.ts: the README's pictures; screenshots-*.spec.ts: the gallery of states
  // (docs/states.md), one file per area.
  testMatch: /screenshots(-[a-z-]+)?\.spec\.ts$/,
  outputDir: path.join(process.env.SCREENSHOTS_RESULTS ?? './test-results', 'screenshots'),
  workers: 1,
  reporter: [['list']],
});
