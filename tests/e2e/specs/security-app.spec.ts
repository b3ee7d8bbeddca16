// What the security review (issue 20) found in the app itself, each attempt made again in
// Chromium against the release build behind the shipped nginx config and grafana-sim: "Delete
// expired" offering live credentials, the grafanaPath bypass, a secret dialog restored by Back,
// a changed wasm running, the sign-in redirect and form, and the All orgs overview's burst.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, keyNames, test } from '../support/fixtures';
import { AppServer } from '../support/nginx';
import type { Sim } from '../support/servers';

const DAY = 86_400;

/** The folder this worker's nginx serves: a copy of the build, which a test may change. */
function siteDir(app: AppServer): string {
  return (app as unknown as { siteDir: string }).siteDir;
}

async function seed(sim: Sim, document: object) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(document),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** The names "Delete expired" would delete, read from its confirmation (then cancelled). */
async function offeredForDeletion(page: Page, title: string): Promise<string[]> {
  const button = page.getByRole('button', { name: /^Delete expired/ });
  await button.click();
  const confirm = page.getByRole('dialog', { name: title });
  await expect(confirm).toBeVisible();
  const names = await confirm.locator('li').allTextContents();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  return names.map((name) => name.trim());
}

test.describe('"Delete expired" offers only what expired by the server\'s clock', () => {
  test('a key another admin makes between the two list requests is not offered', async ({ page, sim, signIn }) => {
    await signIn();
    // The list without expired keys is answered first; then another admin makes a key valid for
    // a year; then the list with expired keys is answered: the new key is in that one only.
    let activeAnswered!: () => void;
    const active = new Promise<void>((resolve) => (activeAnswered = resolve));
    let made: Promise<unknown> | undefined;
    await page.route('**/api/auth/keys?includeExpired=false*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response });
      activeAnswered();
    });
    await page.route('**/api/auth/keys?includeExpired=true*', async (route) => {
      made ??= active.then(() => sim.createKey('made-meanwhile', 'Admin', 365 * DAY));
      await made;
      await route.continue();
    });
    await page.goto('/org/apikeys?includeExpired=true');
    await expect(keyNames(page).filter({ hasText: 'made-meanwhile' })).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Delete expired (1)' })).toBeVisible();
    expect(await offeredForDeletion(page, 'Delete expired API key')).toEqual(['expired-exporter']);
  });

  for (const [when, shift] of [
    ['400 days ahead', 400 * DAY],
    ['400 days behind', -400 * DAY],
  ] as const) {
    test(`keys, with the browser's clock ${when}`, async ({ page, signIn }) => {
      await signIn();
      await page.clock.setSystemTime(Date.now() + shift * 1000);
      await page.goto('/org/apikeys');
      await expect(keyNames(page).first()).toBeVisible();
      expect(await offeredForDeletion(page, 'Delete expired API key')).toEqual(['expired-exporter']);
    });

    test(`tokens, with the browser's clock ${when}`, async ({ page, sim, signIn }) => {
      await seed(sim, {
        keys: [],
        serviceAccounts: [
          {
            name: 'ci',
            role: 'Editor',
            tokens: [
              { name: 'next-month', secondsToLive: 30 * DAY },
              { name: 'expired-yesterday', secondsToLive: -DAY },
              { name: 'forever', secondsToLive: null },
            ],
          },
        ],
      });
      const search = await sim.api('GET', '/api/serviceaccounts/search?query=ci');
      const id = search.json.serviceAccounts[0].id;
      await signIn();
      await page.clock.setSystemTime(Date.now() + shift * 1000);
      await page.goto(`/org/serviceaccounts/${id}`);
      await expect(page.locator('table.sa-tokens tbody td.keys-table__name')).toHaveCount(3);
      await expect(page.getByRole('button', { name: 'Delete expired (1)' })).toBeVisible();
      expect(await offeredForDeletion(page, 'Delete expired token')).toEqual(['expired-yesterday']);
    });
  }
});

/** The grafanaPath cases both checks are tested against (the app's host tests read them too). */
const PATH_CASES: [string, string | null][] = JSON.parse(
  readFileSync(path.join(__dirname, '../../grafana-path-cases.json'), 'utf8'),
).cases;

test.describe('grafanaPath stays on this origin', () => {
  for (const [name, bypass] of [
    ['tab', '/\t/evil.example/'],
    ['newline', '/\n/evil.example/'],
    ['carriage return', '/\r/evil.example/'],
  ]) {
    test(`"/<${name}>/evil.example/" is refused by the loader and by the app`, async ({ page, app, signIn }) => {
      await signIn();
      app.useConfig({ grafanaPath: bypass, signIn: 'form' });
      const asked: string[] = [];
      page.on('request', (request) => asked.push(request.url()));
      await page.goto('/org/apikeys');
      await expect(page.getByRole('alert')).toContainText("The page's config.json is invalid: grafanaPath");
      // Neither the loader nor the app asked anything of the other origin, or of Grafana.
      expect(asked.filter((url) => !url.startsWith(new URL(app.url).origin))).toEqual([]);
      expect(asked.filter((url) => url.includes('/api/'))).toEqual([]);
    });
  }

  test("the loader's check gives what the app's gives, for every case of the shared table", async ({ page, app }) => {
    await page.goto('/org/apikeys');
    // The loader's own function, as shipped (boot.js is a module: it is not reachable from the page).
    const dist = siteDir(app);
    const boot = readdirSync(dist).find((file) => /^boot-[0-9a-f]+\.js$/.test(file))!;
    const source = readFileSync(path.join(dist, boot), 'utf8');
    const check = source.match(/function grafanaPath\(path = '\/'\) \{[\s\S]*?\n\}/)?.[0];
    expect(check, 'grafanaPath() in boot.js').toBeTruthy();
    const verdicts = await page.evaluate(
      ({ check, cases }) => {
        const grafanaPath = new Function(`${check}; return grafanaPath;`)();
        return cases.map(([input]) => grafanaPath(input) ?? null);
      },
      { check: check!, cases: PATH_CASES },
    );
    expect(verdicts).toEqual(PATH_CASES.map(([, expected]) => expected));
  });
});

test.describe("the secret leaves the wasm's memory when its dialog closes", () => {
  for (const [what, dialogName, open] of [
    [
      'a key',
      'API Key Created',
      async (page: Page) => {
        await page.goto('/org/apikeys');
        await page.getByRole('button', { name: 'Add API key' }).click();
        await page.getByLabel('Key name').fill('wiped');
        await page.getByRole('button', { name: 'Add', exact: true }).click();
      },
    ],
    [
      'a token',
      'Service account token created',
      async (page: Page, sim: Sim) => {
        const account = await sim.api('POST', '/api/serviceaccounts', { name: 'wiped', role: 'Viewer' });
        expect(account.status, account.text).toBe(201);
        await page.goto(`/org/serviceaccounts/${account.json.id}`);
        await page.getByRole('button', { name: 'Add service account token' }).click();
        await page.getByRole('dialog').getByLabel('Display name').fill('wiped-token');
        await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
      },
    ],
  ] as const) {
    test(`${what}: no copy of it is left in the wasm's memory`, async ({ page, sim, signIn }) => {
      // The app's memory, caught as the loader instantiates the wasm (the app no longer publishes it).
      // The main module exports it; the split build's chunks, instantiated the same way, share it
      // through their imports and export none.
      await page.addInitScript(() => {
        const streaming = WebAssembly.instantiateStreaming;
        WebAssembly.instantiateStreaming = async (...args) => {
          const made = await streaming(...args);
          (window as any).__memory ??= made.instance.exports.memory;
          return made;
        };
      });
      const copies = (secret: string) =>
        page.evaluate((secret) => {
          const bytes = new Uint8Array((window as any).__memory.buffer);
          const needle = new TextEncoder().encode(secret);
          let found = 0;
          for (let at = bytes.indexOf(needle[0]); at !== -1; at = bytes.indexOf(needle[0], at + 1)) {
            if (needle.every((byte, i) => bytes[at + i] === byte)) found++;
          }
          return found;
        }, secret);
      await signIn();
      await open(page, sim);
      const dialog = page.getByRole('dialog', { name: dialogName });
      const secret = await dialog.locator('input').inputValue();
      expect(secret.length).toBeGreaterThan(20);
      expect(await copies(secret), 'copies while the dialog is open').toBeGreaterThan(0);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect.poll(() => copies(secret)).toBe(0);
    });
  }
});

test.describe('the wasm', () => {
  test.use({ allowConsoleErrors: true });

  test('a changed wasm does not run, and the page says why', async ({ page, sim }) => {
    // The same build, its wasm changed by one byte after the build (its integrity is not).
    const dist = process.env.APP_DIST ?? path.join(__dirname, '../../../dist');
    const app = await AppServer.start(dist, sim.url);
    try {
      const folder = readdirSync(siteDir(app)).find((file) => /^pkg-[0-9a-f]{16}$/.test(file))!;
      const file = path.join(siteDir(app), folder, 'main_bg.wasm');
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] ^= 0xff;
      writeFileSync(file, bytes);
      // nginx serves the precompressed copies where it can: change those too, or drop them.
      for (const ext of ['.gz', '.br']) writeFileSync(file + ext, '');
      const errors: string[] = [];
      page.on('console', (message) => errors.push(message.text()));
      await page.goto(app.url + 'org/apikeys');
      await expect(page.getByRole('alert')).toContainText("This page's files could not be loaded");
      await expect(page.getByRole('heading', { name: 'API keys' })).toHaveCount(0);
      expect(errors.join('\n')).toMatch(/integrity|digest/i);
    } finally {
      await app.stop();
    }
  });

  test('the app publishes no exports on a window event', async ({ page, signIn }) => {
    await signIn();
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (event) => ((window as any).__detail = (event as CustomEvent).detail ?? null));
    });
    await page.goto('/org/apikeys');
    await expect(keyNames(page).first()).toBeVisible();
    expect(await page.evaluate(() => (window as any).__detail)).toBeNull();
  });
});

test.describe('signing in', () => {
  test('opened as //apikeys/..., the sign-in redirect is a path on this origin', async ({ page, app }) => {
    app.useConfig({ grafanaPath: '/', signIn: 'grafana' });
    const login = page.waitForRequest((request) => new URL(request.url()).pathname === '/login');
    await page.goto(new URL(app.url).origin + '//apikeys/org/apikeys');
    const redirectTo = new URL((await login).url()).searchParams.get('redirectTo') ?? '';
    expect(redirectTo).toMatch(/^\/[^/\\]/);
    expect(redirectTo).toBe('/apikeys/org/apikeys');
  });

  test('the form posts, and the password never reaches a URL even if its handler does not run', async ({ page }) => {
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto('/org/apikeys');
    const form = page.locator('form.sign-in');
    await expect(form).toHaveAttribute('method', 'post');
    await page.getByLabel('Email or username').fill('admin');
    await page.getByLabel('Password').fill('s3cret-password');
    // form.submit() sends the form as the browser would, without the page's submit handler.
    await Promise.all([page.waitForEvent('framenavigated'), form.evaluate((element) => (element as HTMLFormElement).submit())]);
    expect(urls.filter((url) => url.includes('s3cret-password'))).toEqual([]);
    expect(page.url()).not.toContain('s3cret-password');
  });
});

test('the All orgs overview loads a few orgs at a time', async ({ page, sim, signIn }) => {
  const ORGS = 30;
  await seed(sim, {
    keys: [],
    orgs: Array.from({ length: ORGS }, (_, index) => ({
      id: index + 1,
      ...(index === 0 ? {} : { name: `Org ${index + 1}` }),
      members: [{ login: 'admin', role: 'Admin' }],
    })),
  });
  // Every answer a little late, so the orgs' requests overlap as they would over a real network.
  await sim.latency(150);
  try {
    await signIn();
    // The orgs whose requests have been sent and not yet answered, as the page sends them.
    const open = new Map<string, number>();
    let most = 0;
    const org = (url: string, headers: Record<string, string>) =>
      /\/api\/(auth\/keys|serviceaccounts\/search)/.test(url) ? headers['x-grafana-org-id'] : undefined;
    page.on('request', (request) => {
      const id = org(request.url(), request.headers());
      if (!id) return;
      open.set(id, (open.get(id) ?? 0) + 1);
      most = Math.max(most, open.size);
    });
    const done = (request: import('@playwright/test').Request) => {
      const id = org(request.url(), request.headers());
      if (!id) return;
      const left = (open.get(id) ?? 1) - 1;
      if (left === 0) open.delete(id);
      else open.set(id, left);
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    await page.goto('/orgs');
    await expect(page.getByText(`Loaded ${ORGS} of ${ORGS} orgs`)).toBeVisible({ timeout: 20_000 });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(6);
  } finally {
    await sim.latency(0);
  }
});
