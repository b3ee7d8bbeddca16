// What the shipped nginx config (deploy/nginx/grafana-api-keys.conf) promises against hostile
// requests, checked through the very file the suite runs, in front of grafana-sim with Grafana's
// own CSRF check and default headers: which client headers reach Grafana, redirects that do not
// follow the Host header, 404s that are not cached, Grafana's no-store and X-Frame-Options on
// answers carrying a secret, and the origin check on cookie-authenticated writes.
import http from 'node:http';
import { expect, test } from '../support/fixtures';
import { GRAFANA_SUB_PATH } from '../support/nginx';
import type { Sim } from '../support/servers';

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request with exactly these headers (Host included) and path, as sent: no client rules. */
function raw(origin: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers, setHost: !('Host' in headers) },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

type Recorded = { method: string; path: string; headers: [string, string][] };

/** The request grafana-sim received for `path` (its test-control record), headers by name. */
async function received(sim: Sim, path: string): Promise<Map<string, string[]>> {
  const log = (await (await fetch(sim.url + '/__sim/requests')).json()) as Recorded[];
  const request = log.filter((r) => r.path === path).pop();
  expect(request, `grafana-sim received ${path}`).toBeDefined();
  const headers = new Map<string, string[]>();
  for (const [name, value] of request!.headers) headers.set(name, [...(headers.get(name) ?? []), value]);
  return headers;
}

test.describe('the shipped nginx config against hostile requests', () => {
  test('the client cannot choose the IP, host or scheme Grafana records', async ({ app, sim }) => {
    const forged = {
      'X-Forwarded-For': '203.0.113.7, 198.51.100.1',
      'X-Real-IP': '203.0.113.8',
      Forwarded: 'for=203.0.113.9;host=evil.example;proto=https',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'https',
    };
    for (const path of ['/api/health?probe=root', `${GRAFANA_SUB_PATH}api/health?probe=sub-path`]) {
      const answer = await raw(app.origin, 'GET', path, forged);
      expect(answer.status, path).toBe(200);
      const seen = await received(sim, path.replace(GRAFANA_SUB_PATH, '/'));
      // Grafana's RemoteAddr prefers X-Real-IP, then the first X-Forwarded-For: both are nginx's
      // view of the client (loopback here), not what the client wrote.
      expect(seen.get('x-real-ip'), path).toEqual(['127.0.0.1']);
      expect(seen.get('x-forwarded-for'), path).toEqual(['127.0.0.1']);
      expect(seen.get('x-forwarded-proto'), path).toEqual(['http']);
      expect(seen.get('forwarded'), path).toBeUndefined();
      expect(seen.get('x-forwarded-host'), path).toBeUndefined();
      // The browser's Host is kept: Grafana's CSRF check compares Origin with it.
      expect(seen.get('host'), path).toEqual([new URL(app.origin).host]);
    }
  });

  test('the /apikeys redirect names a path, never the Host the client sent', async ({ app }) => {
    for (const host of [new URL(app.origin).host, 'evil.example', 'evil.example:8443']) {
      const answer = await raw(app.origin, 'GET', '/apikeys', { Host: host });
      expect(answer.status, host).toBe(301);
      expect(answer.headers['location'], host).toBe('/apikeys/');
    }
  });

  test('a missing file that looks hashed is a 404 nobody caches', async ({ app, page }) => {
    for (const path of [
      '/apikeys/missing-0123.js',
      '/apikeys/grafana-api-keys-0123456789abcdef_bg.wasm',
      '/apikeys/x-1.css',
      '/apikeys/pkg-0123456789abcdef/main_bg.wasm',
      '/apikeys/pkg-0123456789abcdef/split_1.wasm',
    ]) {
      const answer = await raw(app.origin, 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['cache-control'], path).toBe('no-cache');
      // Still the page's security headers, as on every answer of its location.
      expect(answer.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }
    // A real hashed file keeps its year.
    await page.goto('/org/apikeys');
    const js = await page.locator('meta[name="trunk-app"]').getAttribute('data-js');
    const found = await raw(app.origin, 'GET', js!);
    expect(found.status).toBe(200);
    expect(found.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('paths that climb out of the app folder serve nothing of the server', async ({ app }) => {
    // The folder beside the app's holds this worker's nginx config.
    for (const path of [
      '/apikeys/../grafana-api-keys.conf',
      '/apikeys/..%2fgrafana-api-keys.conf',
      '/apikeys/%2e%2e/grafana-api-keys.conf',
      '/apikeys..%2fgrafana-api-keys.conf',
    ]) {
      const answer = await raw(app.origin, 'GET', path);
      expect(answer.body, path).not.toContain('grafana_api_keys_grafana');
      expect([200, 400, 404], path).toContain(answer.status);
    }
  });

  test('the page and its files carry the security headers', async ({ app }) => {
    for (const path of ['/apikeys/', '/apikeys/org/apikeys', '/apikeys/config.json']) {
      const answer = await raw(app.origin, 'GET', path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-security-policy'], path).toBe(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
          "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
      expect(answer.headers['x-frame-options'], path).toBe('DENY');
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['referrer-policy'], path).toBe('same-origin');
      expect(answer.headers['cache-control'], path).toBe('no-cache');
    }
  });
});

test.describe("Grafana's own protections, through nginx", () => {
  test('a created key comes back with no-store and X-Frame-Options from Grafana', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('not-stored');
    const created = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/auth/keys' && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const answer = await created;
    expect(answer.status()).toBe(200);
    const headers = await answer.allHeaders();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['pragma']).toBeUndefined();
    expect(headers['x-frame-options']).toBe('deny');
    await expect(page.getByRole('dialog', { name: 'API Key Created' }).getByLabel('Key')).toHaveValue(/^eyJr/);
  });

  test("a cookie-authenticated write from another origin is refused, the page's own passes", async ({
    page,
    app,
    sim,
    signIn,
  }) => {
    await signIn();
    const write = (origin: string, name: string) =>
      page.request.post(app.origin + '/api/auth/keys', {
        headers: { Origin: origin },
        data: { name, role: 'Admin' },
      });
    for (const [origin, name] of [
      ['http://evil.example', 'from-evil'],
      [app.origin.replace('127.0.0.1', 'localhost'), 'from-localhost'],
      ['null', 'from-a-sandbox'],
    ]) {
      const refused = await write(origin, name);
      expect(refused.status(), origin).toBe(403);
      expect(await refused.text(), origin).toBe('origin not allowed\n');
    }
    const accepted = await write(app.origin, 'from-the-page');
    expect(accepted.status(), await accepted.text()).toBe(200);
    const keys = (await sim.api('GET', '/api/auth/keys?includeExpired=true')).json as { name: string }[];
    const names = keys.map((k) => k.name);
    expect(names).toContain('from-the-page');
    for (const name of ['from-evil', 'from-localhost', 'from-a-sandbox']) expect(names).not.toContain(name);
  });
});
