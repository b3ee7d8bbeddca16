// What the specs of the split build share (specs/split.spec.ts, under the suite's /apikeys/, and
// specs/split-paths.spec.ts, under the other public paths): the seed, the lazy routes with how
// each is reached and what it shows, and the build files the page asks for.
//
// The routes' `page.goto('/org/...')` are app routes: the fixtures resolve them under the app's
// public path (support/fixtures.ts), and split-paths.spec.ts under its own server's.
import type { Page, Request } from '@playwright/test';
import { expect } from './fixtures';
import { APP_PATH } from './nginx';
import type { Credentials, Sim } from './servers';

export const OPS: Credentials = { user: 'ops', password: 'ops' };

export const SEED = {
  keys: [{ name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 2592000 }],
  users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId: 1 }],
  orgs: [
    { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
    { id: 2, name: 'Platform', members: [{ login: 'ops', role: 'Admin' }] },
  ],
  serviceAccounts: [
    { name: 'grafana-ci', role: 'Editor', tokens: [{ name: 'ci-pipeline', secondsToLive: 2592000 }] },
  ],
};

export async function seed(sim: Sim) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(SEED),
  });
  expect(response.status, await response.text()).toBe(200);
}

export async function accountId(sim: Sim): Promise<number> {
  const answer = await sim.api('GET', '/api/serviceaccounts/search?perpage=1000');
  return answer.json.serviceAccounts.find((a: { name: string }) => a.name === 'grafana-ci').id;
}

/** A chunk: a .wasm of the build's folder other than the main module. */
export const isChunk = (url: URL) =>
  /\/pkg-[0-9a-f]{16}\/[^/]+\.wasm$/.test(url.pathname) && !url.pathname.endsWith('/main_bg.wasm');

/** A path in the build's folder under `publicPath`, the file's name in group 1. */
const buildFolder = (publicPath: string) =>
  new RegExp(`^${publicPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}pkg-[0-9a-f]{16}/([^/]+)$`);

/**
 * The build's files the page asks for, by name, in order: those of its folder under the public
 * path the app is served at, `<publicPath>pkg-<hash>/` (a file asked for anywhere else is not one).
 */
export function recordBuildFiles(page: Page, publicPath: string = APP_PATH): string[] {
  const folder = buildFolder(publicPath);
  const asked: string[] = [];
  page.on('request', (request: Request) => {
    const match = new URL(request.url()).pathname.match(folder);
    if (match) asked.push(match[1]);
  });
  return asked;
}

/**
 * The chunks the page fetches itself, by name, in order: those of `<publicPath>pkg-<hash>/` it
 * asks for with `fetch` (the split loader, loading what a view or dialog needs, from the network
 * or the HTTP cache), not the idle prefetch's `<link rel="prefetch">`s, which start as soon as
 * any table is shown (public/boot.js) and so race with anything recorded after it.
 */
export function recordChunkFetches(page: Page, publicPath: string = APP_PATH): string[] {
  const folder = buildFolder(publicPath);
  const fetched: string[] = [];
  page.on('request', (request: Request) => {
    const url = new URL(request.url());
    const match = url.pathname.match(folder);
    if (match && isChunk(url) && request.resourceType() === 'fetch') fetched.push(match[1]);
  });
  return fetched;
}

export const ROUTES: {
  name: string;
  path: (sim: Sim) => Promise<string>;
  from: (page: Page) => Promise<void>;
  shown: (page: Page) => Promise<void>;
}[] = [
  {
    name: 'the service accounts list',
    path: async () => '/org/serviceaccounts',
    from: async (page) => {
      await page.goto('/org/apikeys');
      await expect(page.locator('table.keys-table')).toBeVisible();
      await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
    },
    shown: async (page) => {
      await expect(page.locator('table.sa-table td.keys-table__name a')).toHaveText(['grafana-ci']);
    },
  },
  {
    name: "an account's page",
    path: async (sim) => `/org/serviceaccounts/${await accountId(sim)}`,
    from: async (page) => {
      await page.goto('/org/serviceaccounts');
      await page.locator('table.sa-table td.keys-table__name a', { hasText: 'grafana-ci' }).click();
    },
    shown: async (page) => {
      await expect(page.getByRole('heading', { level: 1, name: 'grafana-ci' })).toBeVisible();
      await expect(page.locator('table.sa-tokens td.keys-table__name')).toHaveText(['ci-pipeline']);
    },
  },
  {
    name: 'the orgs overview',
    path: async () => '/orgs',
    from: async (page) => {
      await page.goto('/org/apikeys');
      await expect(page.locator('table.keys-table')).toBeVisible();
      await page.getByRole('link', { name: 'All orgs overview' }).click();
    },
    shown: async (page) => {
      await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toHaveText('Loaded 2 of 2 orgs');
    },
  },
];
