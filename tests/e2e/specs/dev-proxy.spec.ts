// `make dev`'s chain in Chromium: the real `trunk serve` with the [[proxy]] entries of the
// committed Trunk.toml (ports replaced), in front of the real dev-proxy binary, in front of this
// worker's grafana-sim (with Grafana's CSRF check). The page Trunk serves is a stand-in for the
// app (an empty page; building the app here would take minutes): what is under test is which
// requests reach Grafana. A page on another 127.0.0.1 port is same-site, so the browser sends it
// Grafana's cookie; Grafana compares host names only; so only the dev proxy can refuse it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../support/fixtures';
import { ADMIN } from '../support/servers';

const ROOT = path.resolve(__dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The dev-proxy binary beside grafana-sim's, built if missing (`cargo build -p dev-proxy`). */
function devProxyBin(): string {
  const bin = path.join(path.dirname(process.env.GRAFANA_SIM_BIN!), 'dev-proxy');
  execFileSync('cargo', ['build', '--quiet', '-p', 'dev-proxy'], { cwd: ROOT, stdio: 'inherit' });
  return bin;
}

/** Trunk.toml's [[proxy]] entries, pointed at `proxyPort`, with a [serve] on `devPort`. */
function trunkConfig(devPort: number, proxyPort: number): string {
  const committed = readFileSync(path.join(ROOT, 'Trunk.toml'), 'utf8');
  const proxies = committed.match(/^\[\[proxy\]\]\n(?:[^\n[].*\n|\n)*/gm) ?? [];
  expect(proxies.length, 'Trunk.toml proxies /api/, /login and /logout').toBe(3);
  return [
    '[build]\ntarget = "index.html"\ndist = "dist"\n',
    `[serve]\naddresses = ["127.0.0.1"]\nport = ${devPort}\nno_autoreload = true\n`,
    ...proxies.map((p) => p.split('127.0.0.1:8081').join(`127.0.0.1:${proxyPort}`)),
  ].join('\n');
}

let devOrigin = '';
let siblingOrigin = '';
const children: ChildProcess[] = [];
let folder = '';
let sibling: http.Server | undefined;

test.beforeAll(async ({ sim }) => {
  // A cold `cargo build -p dev-proxy` and Trunk's first start take longer than a test.
  test.setTimeout(180_000);
  const [devPort, proxyPort, siblingPort] = [await freePort(), await freePort(), await freePort()];
  devOrigin = `http://127.0.0.1:${devPort}`;
  siblingOrigin = `http://127.0.0.1:${siblingPort}`;

  const proxy = spawn(
    devProxyBin(),
    ['--listen', `127.0.0.1:${proxyPort}`, '--upstream', sim.url, '--dev-origin', devOrigin],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.push(proxy);

  folder = mkdtempSync(path.join(os.tmpdir(), 'grafana-api-keys-dev-'));
  writeFileSync(path.join(folder, 'index.html'), '<!DOCTYPE html><html><head><title>dev</title></head><body>dev page</body></html>\n');
  writeFileSync(path.join(folder, 'Trunk.toml'), trunkConfig(devPort, proxyPort));
  const trunk = spawn(process.env.TRUNK ?? 'trunk', ['serve', '--config', path.join(folder, 'Trunk.toml')], {
    cwd: folder,
    env: { ...process.env, TRUNK_SKIP_VERSION_CHECK: 'true', NO_COLOR: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(trunk);
  await waitFor(devOrigin + '/', trunk, 'trunk serve');

  sibling = http.createServer((_, response) => {
    response.setHeader('content-type', 'text/html');
    response.end('<!DOCTYPE html><title>sibling</title>another local server');
  });
  await new Promise<void>((resolve) => sibling!.listen(siblingPort, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }
  sibling?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Runs `fetch(url, init)` in the page; returns the status (0 for an opaque answer) and body. */
async function pageFetch(page: import('@playwright/test').Page, url: string, init: RequestInit) {
  return page.evaluate(
    async ([url, init]) => {
      const response = await fetch(url, init);
      return { status: response.status, body: response.type === 'opaque' ? '' : await response.text() };
    },
    [url, init] as const,
  );
}

test.describe("make dev's proxy chain (trunk serve, dev-proxy, Grafana)", () => {
  test("the dev page signs in and writes; the cookie ends with the browser session", async ({ page, sim }) => {
    await sim.seed([]);
    await page.goto(devOrigin + '/');
    const json = { 'Content-Type': 'application/json' };
    const login = await pageFetch(page, '/login', { method: 'POST', headers: json, body: JSON.stringify(ADMIN) });
    expect(login.status, login.body).toBe(200);
    const cookies = await page.context().cookies(devOrigin);
    const session = cookies.find((c) => c.name === 'grafana_session');
    expect(session, JSON.stringify(cookies)).toBeDefined();
    expect(session!.expires, 'a session cookie: no Max-Age, no Expires').toBe(-1);
    expect(session!.httpOnly).toBe(true);

    const created = await pageFetch(page, '/api/auth/keys', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'from-the-dev-page', role: 'Viewer' }),
    });
    expect(created.status, created.body).toBe(200);
    expect(JSON.parse(created.body).key).toMatch(/^eyJr/);
    const list = await pageFetch(page, '/api/auth/keys', {});
    expect(list.status, list.body).toBe(200);
    expect(JSON.parse(list.body).map((k: { name: string }) => k.name)).toEqual(['from-the-dev-page']);
  });

  test('a page on another 127.0.0.1 port cannot use the session, nor can the dev server under another name', async ({
    page,
    sim,
  }) => {
    await sim.seed([]);
    await sim.createKey('seeded', 'Viewer');
    await page.goto(devOrigin + '/');
    const login = await pageFetch(page, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);

    // What reaches Grafana from here on: after this marker in grafana-sim's record.
    const marker = `/api/health?marker=${Date.now()}`;
    await fetch(sim.url + marker);

    // The sibling's posts carry the cookie (same site) and its own Origin; no-cors needs no
    // preflight, so the browser sends them.
    const other = await page.context().newPage();
    await other.goto(siblingOrigin + '/');
    await pageFetch(other, devOrigin + '/api/serviceaccounts/migrate', {
      method: 'POST',
      mode: 'no-cors',
      credentials: 'include',
    });
    await pageFetch(other, devOrigin + '/api/auth/keys', {
      method: 'POST',
      mode: 'no-cors',
      credentials: 'include',
      body: JSON.stringify({ name: 'from-a-sibling', role: 'Admin' }),
    });
    // A GET needs no Origin: an <img> or a no-cors fetch of /logout would sign the user out.
    await pageFetch(other, devOrigin + '/logout', { mode: 'no-cors', credentials: 'include' });
    // And a readable attempt (CORS): refused by the proxy, so the browser sees no CORS answer.
    const cors = await other.evaluate(async (url) => {
      try {
        await fetch(url, { method: 'POST', credentials: 'include' });
        return 'answered';
      } catch {
        return 'blocked';
      }
    }, devOrigin + '/api/serviceaccounts/migrate');
    expect(cors).toBe('blocked');

    // Nothing of it reached Grafana, and nothing changed there.
    const log = (await (await fetch(sim.url + '/__sim/requests')).json()) as { method: string; path: string }[];
    const since = log.slice(log.findIndex((r) => r.path === marker) + 1);
    expect(since.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect((await sim.api('GET', '/api/serviceaccounts/migrationstatus')).json).toEqual({ migrated: false });
    expect((await sim.api('GET', '/api/auth/keys')).json.map((k: { name: string }) => k.name)).toEqual(['seeded']);
    const stillSignedIn = await pageFetch(page, '/api/user', {});
    expect(stillSignedIn.status, stillSignedIn.body).toBe(200);

    // The same server reached as localhost (a name it is not configured for): its own page is
    // refused too, GET included.
    const rebound = devOrigin.replace('127.0.0.1', 'localhost');
    const renamed = await page.context().newPage();
    await renamed.goto(rebound + '/');
    const read = await pageFetch(renamed, '/api/auth/keys', {});
    expect(read.status).toBe(403);
    expect(JSON.parse(read.body).message).toMatch(/^Refused by make dev's proxy: the dev server was reached as/);
  });
});
