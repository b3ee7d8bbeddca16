// The deployment itself: nginx from deploy/nginx/grafana-api-keys.conf serving the release build
// under /apikeys/, config.json choosing where Grafana is and how to sign in, and the security
// headers (every test also fails on a CSP violation, see support/fixtures.ts).
import { expect, tableRows, test } from '../support/fixtures';
import { GRAFANA_SUB_PATH } from '../support/nginx';
import { ADMIN } from '../support/servers';

test.describe('served by nginx under /apikeys/', () => {
  test('deep links and reloads of a route load the page', async ({ page, signIn, baseURL }) => {
    expect(baseURL).toMatch(/\/apikeys\/$/);
    await signIn();
    await page.goto('/org/apikeys?search=grafana');
    await expect(page).toHaveURL(/\/apikeys\/org\/apikeys\?search=grafana$/);
    await expect(page.locator('table.keys-table')).toBeVisible();
    await page.reload();
    await expect(page.locator('table.keys-table')).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search keys' })).toHaveValue('grafana');
  });

  test('index.html carries the security headers and no inline script', async ({ page, app }) => {
    const response = await page.goto('/org/apikeys');
    const headers = response!.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    // The wasm loader is boot.js, an external script: the page has no inline one to allow.
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await expect(page.getByRole('heading', { name: 'Sign in to Grafana' })).toBeVisible();

    const slashless = await page.request.get(app.origin + '/apikeys', { maxRedirects: 0 });
    expect(slashless.status()).toBe(301);
    expect(slashless.headers()['location']).toMatch(/\/apikeys\/$/);
  });

  test('hashed assets are cached for a year and gzipped; config.json is not cached', async ({ page, app }) => {
    await page.goto('/org/apikeys');
    const wasmUrl = await page.locator('meta[name="trunk-app"]').getAttribute('data-wasm');
    // Node's fetch asks for gzip and hands back the decoded body.
    const wasm = await fetch(app.origin + wasmUrl!, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('content-encoding')).toBe('gzip');
    expect(wasm.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(wasm.headers.get('content-security-policy')).toContain("default-src 'self'");
    const bytes = new Uint8Array(await wasm.arrayBuffer());
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);

    const config = await page.request.get('config.json');
    expect(config.headers()['cache-control']).toBe('no-cache');
    expect(config.headers()['content-type']).toBe('application/json; charset=utf-8');

    // A missing asset is a 404, not index.html: a stale tab after a deploy fails clearly.
    const stale = await page.request.get(wasmUrl!.replace(/-[0-9a-f]{1,16}_bg/, '-0000000000000000_bg'));
    expect(stale.status()).toBe(404);
  });

  test("Grafana's API answers are proxied with the browser's host, so the session works", async ({
    page,
    signIn,
    sim,
  }) => {
    await sim.seed([]);
    await sim.createKey('through-nginx', 'Viewer');
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.locator('table.keys-table tbody tr')).toHaveCount(1);
    expect((await tableRows(page))[0][0]).toBe('through-nginx');
  });
});

test.describe('signing in', () => {
  test("with the shipped config.json, a signed-out user goes to Grafana's login and back", async ({
    page,
    app,
    signIn,
  }) => {
    app.useConfig('shipped');
    await page.goto('/org/apikeys?search=prom');
    // grafana-sim's stand-in for Grafana's login page.
    await expect(page.getByText('grafana-sim: sign in')).toBeVisible();
    const login = new URL(page.url());
    expect(login.pathname).toBe('/login');
    const redirectTo = login.searchParams.get('redirectTo');
    expect(redirectTo).toBe('/apikeys/org/apikeys?search=prom');
    expect(page.url()).toContain('redirectTo=%2Fapikeys%2Forg%2Fapikeys%3Fsearch%3Dprom');

    // What Grafana does once the user has signed in: back to redirectTo.
    await signIn();
    await page.goto(app.origin + redirectTo);
    await expect(page.locator('table.keys-table')).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search keys' })).toHaveValue('prom');
  });

  test('a broken config.json is reported, not guessed around', async ({ page, app, signIn }) => {
    app.useConfig({ grafanaPath: 'grafana' });
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByRole('alert')).toContainText("The page's config.json is invalid: grafanaPath");
  });
});

test.describe('with Grafana under /grafana/', () => {
  test('the list, the sign-in form and the curl example use /grafana/', async ({ page, app }) => {
    app.useConfig({ grafanaPath: GRAFANA_SUB_PATH, signIn: 'form' });
    const grafanaCalls: string[] = [];
    const rootCalls: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/grafana/')) grafanaCalls.push(pathname);
      if (/^\/(api\/|login$|logout$)/.test(pathname)) rootCalls.push(pathname);
    });

    await page.goto('/org/apikeys');
    await page.getByLabel('Email or username').fill(ADMIN.user);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('table.keys-table')).toBeVisible();
    expect(grafanaCalls).toContain('/grafana/login');
    expect(grafanaCalls).toContain('/grafana/api/auth/keys');
    expect(rootCalls).toEqual([]);

    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('under-a-sub-path');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'API Key Created' });
    const secret = await dialog.getByLabel('Key').inputValue();
    await expect(dialog.locator('pre')).toHaveText(
      `curl -H "Authorization: Bearer ${secret}" ${app.origin}/grafana/api/dashboards/home`,
    );
    // And that URL answers, through nginx, with only the key.
    const home = await fetch(`${app.origin}/grafana/api/dashboards/home`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(home.status).not.toBe(401);
  });
});
