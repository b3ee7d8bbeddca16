// The deployment itself: nginx from deploy/nginx/grafana-api-keys.conf serving the release build
// under /apikeys/, config.json choosing where Grafana is and how to sign in, and the security
// headers (every test also fails on a CSP violation, see support/fixtures.ts).
import { readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { APP_DIST, expect, keyNames, test } from '../support/fixtures';
import { AppServer, BROTLI_STATIC, GRAFANA_SUB_PATH } from '../support/nginx';
import { ADMIN } from '../support/servers';

/** nginx's answer when Grafana does not answer (deploy/nginx/grafana-api-keys.conf). */
const UNREACHABLE = { message: 'Could not reach Grafana: the proxy in front of it got no answer.' };

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

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
    await expect(page.locator('script:not([src])')).toHaveCount(0);
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
    const stale = await page.request.get(wasmUrl!.replace(/\/pkg-[0-9a-f]{16}\//, '/pkg-0000000000000000/'));
    expect(stale.status()).toBe(404);
    expect(stale.headers()['cache-control']).toBe('no-cache');
  });

  test('hashed assets are served precompressed as the build wrote them, gzip and brotli', async ({ page, app }) => {
    await page.goto('/org/apikeys');
    // The main module and its glue, and every other file of the split build's folder: its loader
    // and each chunk, which the views fetch on demand.
    const urls: string[] = [];
    for (const attribute of ['data-wasm', 'data-js']) {
      urls.push((await page.locator('meta[name="trunk-app"]').getAttribute(attribute))!);
    }
    const folder = path.dirname(urls[0]);
    const others = readdirSync(path.join(APP_DIST, path.basename(folder))).filter(
      (name) => /\.(js|wasm)$/.test(name) && !urls.includes(`${folder}/${name}`),
    );
    expect(others, 'the split loader and at least one chunk').toContain('__wasm_split.js');
    urls.push(...others.map((name) => `${folder}/${name}`));
    for (const url of urls) {
      const file = path.join(APP_DIST, path.basename(folder), path.basename(url));
      const type = url.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8';
      const encodings = BROTLI_STATIC ? (['gzip', 'br'] as const) : (['gzip'] as const);
      for (const encoding of encodings) {
        const suffix = encoding === 'gzip' ? '.gz' : '.br';
        const answer = await fetch(app.origin + url, { headers: { 'Accept-Encoding': encoding } });
        expect(answer.headers.get('content-encoding'), `${url} ${encoding}`).toBe(encoding);
        // The file beside the asset, byte for byte: its length, not a stream compressed now.
        expect(Number(answer.headers.get('content-length')), `${url} ${encoding}`).toBe(
          statSync(file + suffix).size,
        );
        expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(answer.headers.get('content-type'), url).toBe(type);
        await answer.arrayBuffer();
      }
    }
    expect(BROTLI_STATIC, 'scripts/setup.sh installs the brotli_static module').toBe(true);
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
    await expect(keyNames(page)).toHaveText(['through-nginx']);
  });

  test('one location proxies exactly /api/, /login, /logout and the index page / to Grafana', async ({ page, app, sim }) => {
    const health = await page.request.get(app.origin + '/api/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual((await sim.api('GET', '/api/health')).json);
    // Grafana's login page, with its query.
    const loginPage = await page.request.get(app.origin + '/login?redirectTo=%2Fapikeys%2F');
    expect(loginPage.status()).toBe(200);
    expect(await loginPage.text()).toContain('grafana-sim: sign in');
    const login = await page.request.post(app.origin + '/login', { data: ADMIN });
    expect(login.status()).toBe(200);
    expect((await login.json()).message).toBe('Logged in');
    expect(login.headers()['set-cookie']).toMatch(/^grafana_session=[0-9a-f]{32};/);
    const logout = await page.request.get(app.origin + '/logout', { maxRedirects: 0 });
    expect(logout.status()).toBe(302);
    expect(logout.headers()['location']).toBe('/login');
    // Grafana's headers only: the page's CSP is not added to Grafana's answers.
    expect(health.headers()['content-security-policy']).toBeUndefined();
    // Grafana's index page, whose menu says whether 9.1–9.4 hid the keys page forever.
    const index = await page.request.get(app.origin + '/', { maxRedirects: 0 });
    expect(index.status()).toBe(302);
    expect(index.headers()['location']).toBe('/login');
    // Nothing else of the origin reaches Grafana: nginx's own 404 (HTML), not grafana-sim's
    // (text/plain), for paths that only start like Grafana's.
    for (const other of ['/loginx', '/login/x', '/logout/x', '/apiary', '/other', '/public/x.js']) {
      const response = await page.request.get(app.origin + other, { maxRedirects: 0 });
      expect(response.status(), other).toBe(404);
      expect(response.headers()['content-type'], other).toBe('text/html');
    }
    // And the app's own routes stay the app's, even when they look like Grafana's.
    const appRoute = await page.request.get(app.origin + '/apikeys/api/login');
    expect(appRoute.status()).toBe(200);
    expect(appRoute.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await appRoute.text()).toContain('<title>API keys - Grafana</title>');
  });

  test("without an answer from Grafana, each proxied path answers Grafana's JSON error", async ({ request }) => {
    const nowhere = await AppServer.start(APP_DIST, `http://127.0.0.1:${await closedPort()}`);
    try {
      for (const [method, path] of [
        ['GET', '/api/auth/keys'],
        ['POST', '/login'],
        ['GET', '/logout'],
        ['GET', `${GRAFANA_SUB_PATH}api/health`],
      ]) {
        const response = await request.fetch(nowhere.origin + path, { method, maxRedirects: 0 });
        expect(response.status(), `${method} ${path}`).toBe(502);
        expect(response.headers()['content-type'], `${method} ${path}`).toBe('application/json');
        expect(await response.json(), `${method} ${path}`).toEqual(UNREACHABLE);
      }
    } finally {
      await nowhere.stop();
    }
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
    await expect(dialog.getByLabel('Key')).toHaveValue(/^eyJr/);
    const secret = await dialog.getByLabel('Key').inputValue();
    await expect(dialog.locator('pre')).toHaveText(
      `curl -H "Authorization: Bearer ${secret}" ${app.origin}/grafana/api/dashboards/home`,
    );
    // And that URL answers, through nginx, with only the key: Grafana's home dashboard.
    const home = await fetch(`${app.origin}/grafana/api/dashboards/home`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await home.json();
    expect(body.dashboard.title).toBe('Home');
    expect(body.meta.isHome).toBe(true);
    // A Viewer key (the form's default role) may not edit it.
    expect(body.meta.canEdit).toBe(false);
  });
});
