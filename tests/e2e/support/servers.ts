// The real parts the browser tests run against: a grafana-sim process on a loopback port the OS
// picks, and (nginx.ts) nginx serving the release build in front of it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export type SimOptions = { version?: string; seed?: string; extraArgs?: string[] };

/** The keys every test starts with, unless it seeds its own. */
export const DEFAULT_SEED = path.join(__dirname, 'seed.json');

export type Credentials = { user: string; password: string };
export const ADMIN: Credentials = { user: 'admin', password: 'admin' };
export const VIEWER: Credentials = { user: 'viewer', password: 'viewer' };

export class Sim {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(options: SimOptions = {}): Promise<Sim> {
    const bin = process.env.GRAFANA_SIM_BIN;
    if (!bin) throw new Error('GRAFANA_SIM_BIN is not set: run the suite through `make test`');
    const args = ['--listen', '127.0.0.1:0', '--test-control', '--quiet', '--seed', options.seed ?? DEFAULT_SEED];
    if (options.version) args.push('--grafana-version', options.version);
    args.push(...(options.extraArgs ?? []));
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`grafana-sim exited with ${code}`)));
      setTimeout(() => reject(new Error('grafana-sim did not start within 10 s')), 10_000);
    });
    return new Sim(url, child);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  /** Calls the sim's HTTP API directly (not through the browser), with basic auth. */
  async api(method: string, apiPath: string, body?: unknown, as: Credentials = ADMIN) {
    const response = await fetch(this.url + apiPath, {
      method,
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${as.user}:${as.password}`).toString('base64'),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON; the caller looks at text
    }
    return { status: response.status, json, text };
  }

  async createKey(name: string, role = 'Viewer', secondsToLive: number | null = null) {
    const result = await this.api('POST', '/api/auth/keys', { name, role, secondsToLive });
    if (result.status !== 200) throw new Error(`creating ${name}: ${result.status} ${result.text}`);
    return result.json as { id: number; name: string; key: string };
  }

  private async control(method: string, controlPath: string, body?: unknown) {
    const response = await fetch(this.url + '/__sim/' + controlPath, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`/__sim/${controlPath}: ${response.status} ${await response.text()}`);
  }

  reset() {
    return this.control('POST', 'reset');
  }
  seed(keys: object[]) {
    return this.control('POST', 'seed', { keys });
  }
  faults(specs: string[]) {
    return this.control('PUT', 'faults', specs);
  }
  latency(ms: number) {
    return this.control('PUT', 'latency', { ms });
  }
}
