// The app as users deploy it: Debian's nginx, run from the committed example config
// (deploy/nginx/grafana-api-keys.conf) with only the listen address, the app folder and Grafana's
// address replaced, serving a copy of the release build under /apikeys/ in front of grafana-sim.
// One nginx per worker, unprivileged paths in a temporary folder, stopped with the worker.
// A build made for another public path is served as the README and the config's comments say to
// serve it there (see `siteConfig`): `/` at the root of its own host, `/grafana/apikeys/` under
// Grafana's sub-path.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const EXAMPLE_CONFIG = path.resolve(__dirname, '../../../deploy/nginx/grafana-api-keys.conf');
/** The public path the release build is made for (`trunk build --public-url /apikeys/`). */
export const APP_PATH = '/apikeys/';
/** Where the tests put Grafana when they try a Grafana under a sub-path. */
export const GRAFANA_SUB_PATH = '/grafana/';

/** What `config.json` may hold (README, "Deploy behind Grafana"). */
export type AppConfig = { grafanaPath?: string; signIn?: 'grafana' | 'form' };
/**
 * The configuration most tests run with: Grafana at the origin's root, and the page's own
 * sign-in form (grafana-sim has no login page to send the browser to).
 */
export const TEST_CONFIG: AppConfig = { grafanaPath: '/', signIn: 'form' };

/**
 * Where Grafana is on the origin when the app is served under `publicPath`, that is, the
 * `grafanaPath` its config.json names: under Grafana's sub-path (/grafana/) for an app served
 * inside it (README, `config.json`: `--public-url /grafana/apikeys/`), else at the root.
 */
export function grafanaPathFor(publicPath: string): string {
  return publicPath.startsWith(GRAFANA_SUB_PATH) && publicPath !== GRAFANA_SUB_PATH ? GRAFANA_SUB_PATH : '/';
}

/**
 * The example config with this worker's values.
 *
 * Under /apikeys/ (the shipped config's own path), the only addition is a second way to reach
 * Grafana, under /grafana/ (prefix stripped, as for Grafana's `serve_from_sub_path = false`),
 * for the tests of `"grafanaPath": "/grafana/"`.
 *
 * Another public path is served the way the README and the config's comments tell a user to
 * adapt it ("change both it and the nginx config together"): the app's two locations (the
 * slashless redirect and the folder, with its index.html fallback) move to `publicPath`, and
 * - `/`: the app has the root of its own host; the Grafana location keeps `/api/`, `/login`
 *   and `/logout` but no longer takes `/` itself, which is now the app's (`"grafanaPath": "/"`);
 *   there is no slashless form to redirect;
 * - under /grafana/ (e.g. `/grafana/apikeys/`): Grafana lives under /grafana/, so that prefix
 *   is proxied instead of the root paths (the comment above the Grafana location), here with the
 *   prefix stripped (grafana-sim serves from the root, as Grafana does with
 *   `serve_from_sub_path = false`), and the app's longer prefix wins over it
 *   (`"grafanaPath": "/grafana/"`). Nothing of Grafana is left at the root.
 */
export function siteConfig(example: string, port: number, siteDir: string, grafana: URL, publicPath = APP_PATH): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`${EXAMPLE_CONFIG} no longer contains ${from}`);
    return text.split(from).join(to);
  };
  let site = replace(example, 'listen 80;', `listen 127.0.0.1:${port};`);
  site = replace(site, 'alias /var/www/grafana-api-keys/;', `alias ${siteDir}/;`);
  site = replace(site, 'server 127.0.0.1:3000;', `server ${grafana.host};`);
  // As the README says: with Debian's brotli_static module installed, its line is on.
  if (BROTLI_STATIC) site = replace(site, '# brotli_static on;', 'brotli_static on;');
  // The example's own Grafana location (its proxy settings, forwarded headers included).
  const grafanaLocation = /\n    location ~ \^\/\(\?:api\/\|login\$\|logout\$\|\$\) \{\n([\s\S]*?)\n    \}\n/.exec(site);
  if (!grafanaLocation) throw new Error(`${EXAMPLE_CONFIG} no longer has the Grafana location`);
  // That location under the sub-path, with the prefix stripped.
  const subPath = `
    location ${GRAFANA_SUB_PATH} {
${replace(grafanaLocation[1], 'proxy_pass http://grafana_api_keys_grafana;', 'proxy_pass http://grafana_api_keys_grafana/;')}
    }
`;
  if (publicPath === APP_PATH) {
    const end = site.lastIndexOf('}');
    return site.slice(0, end) + subPath.trimStart() + '}\n' + site.slice(end + 1);
  }
  return servedAt(site, publicPath, grafanaLocation[0], subPath, replace);
}

/** `siteConfig`'s adaptation of the shipped config (under /apikeys/) to another public path. */
function servedAt(
  site: string,
  publicPath: string,
  grafanaLocation: string,
  grafanaUnderSubPath: string,
  replace: (text: string, from: string, to: string) => string,
): string {
  if (!/^\/(?:[A-Za-z0-9._-]+\/)*$/.test(publicPath)) throw new Error(`not a public path: ${publicPath}`);
  // The redirect of the slashless form (with the comment lines above it).
  const slashless = /(?:\n    #[^\n]*)*\n    location = \/apikeys \{\n        return 301 \/apikeys\/;\n    \}\n/.exec(site);
  if (!slashless) throw new Error(`${EXAMPLE_CONFIG} no longer redirects /apikeys to /apikeys/`);
  const folder = publicPath.slice(0, -1);
  site = site.replace(
    slashless[0],
    publicPath === '/' ? '\n' : `\n    location = ${folder} {\n        return 301 ${publicPath};\n    }\n`,
  );
  site = replace(site, '    location /apikeys/ {\n', `    location ${publicPath} {\n`);
  site = replace(site, 'try_files $uri /apikeys/index.html;', `try_files $uri ${publicPath}index.html;`);
  if (grafanaPathFor(publicPath) === GRAFANA_SUB_PATH) {
    site = replace(site, grafanaLocation, grafanaUnderSubPath);
  } else if (publicPath === '/') {
    site = replace(site, 'location ~ ^/(?:api/|login$|logout$|$) {', 'location ~ ^/(?:api/|login$|logout$) {');
  } else {
    throw new Error(`no deployment for the public path ${publicPath}: use /, ${APP_PATH} or one under ${GRAFANA_SUB_PATH}`);
  }
  // Nothing but comments may still name /apikeys (a new location in the shipped config would
  // otherwise go on serving the old path unnoticed).
  const directives = site
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n')
    .split(folder === '' ? '\0' : folder)
    .join('');
  if (directives.includes('/apikeys')) throw new Error(`${EXAMPLE_CONFIG}: /apikeys left unadapted for ${publicPath}`);
  return site;
}

/** Debian's libnginx-mod-http-brotli-static, which scripts/setup.sh installs. */
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
export const BROTLI_STATIC = existsSync(BROTLI_MODULE);

function mainConfig(prefix: string, site: string): string {
  // As root, nginx would run its workers as www-data, which cannot read the temporary folder.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  const modules = BROTLI_STATIC ? `load_module ${BROTLI_MODULE};` : '';
  return `${user}
${modules}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path ${prefix}/client_body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
    include ${site};
}
`;
}

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

export class AppServer {
  private constructor(
    /** The origin, e.g. http://127.0.0.1:41234. */
    readonly origin: string,
    private readonly prefix: string,
    private readonly siteDir: string,
    private readonly shippedConfig: string,
    private readonly child: ChildProcess,
    /** The path the app is served under, as the build was made for it (`--public-url`). */
    readonly publicPath: string,
    /** The config.json the tests run with here (`useConfig`'s default): TEST_CONFIG, with
     * Grafana where this deployment has it (`grafanaPathFor`). */
    readonly testConfig: AppConfig,
  ) {}

  /** The app's URL, with its sub-path: the tests' `baseURL`. */
  get url(): string {
    return this.origin + this.publicPath;
  }

  /** `"/org/apikeys"` as a URL of the app (under its sub-path); other URLs are left as they are. */
  resolve(url: string): string {
    return url.startsWith('/') && !url.startsWith('//') ? this.origin + this.publicPath + url.slice(1) : url;
  }

  /**
   * nginx serving the release build in `dist` in front of Grafana at `backend`, under
   * `publicPath`: the build must have been made with `--public-url <publicPath>`.
   */
  static async start(dist: string, backend: string, publicPath: string = APP_PATH): Promise<AppServer> {
    const bin = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
    const prefix = mkdtempSync(path.join(os.tmpdir(), 'grafana-api-keys-nginx-'));
    chmodSync(prefix, 0o755);
    for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, dir));
    // A copy, so tests can rewrite config.json without touching the build other workers use.
    const siteDir = path.join(prefix, 'site');
    cpSync(dist, siteDir, { recursive: true });
    const shippedConfig = readFileSync(path.join(siteDir, 'config.json'), 'utf8');

    const port = await freePort();
    const site = path.join(prefix, 'grafana-api-keys.conf');
    writeFileSync(site, siteConfig(readFileSync(EXAMPLE_CONFIG, 'utf8'), port, siteDir, new URL(backend), publicPath));
    const main = path.join(prefix, 'nginx.conf');
    writeFileSync(main, mainConfig(prefix, site));

    const child = spawn(bin, ['-p', prefix, '-e', path.join(prefix, 'error.log'), '-c', main, '-g', 'daemon off;'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let started = false;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => {
        if (!started) reject(new Error(`nginx exited with ${code}: ${readLog(prefix)}`));
      }),
    );
    const origin = `http://127.0.0.1:${port}`;
    await Promise.race([exited, waitUntilServing(origin + publicPath)]);
    started = true;
    const grafanaPath = grafanaPathFor(publicPath);
    const testConfig = grafanaPath === TEST_CONFIG.grafanaPath ? TEST_CONFIG : { ...TEST_CONFIG, grafanaPath };
    const app = new AppServer(origin, prefix, siteDir, shippedConfig, child, publicPath, testConfig);
    app.useConfig(testConfig);
    return app;
  }

  /** Writes the `config.json` nginx serves: an object, or `'shipped'` for the build's own file. */
  useConfig(config: AppConfig | 'shipped'): void {
    const text = config === 'shipped' ? this.shippedConfig : JSON.stringify(config, null, 2) + '\n';
    writeFileSync(path.join(this.siteDir, 'config.json'), text);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGQUIT');
      await exited;
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}

function readLog(prefix: string): string {
  try {
    return readFileSync(path.join(prefix, 'error.log'), 'utf8');
  } catch {
    return '(no error.log)';
  }
}

async function waitUntilServing(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer ${url} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
