/* global setTimeout, clearTimeout, fetch -- Node 20 globals */
/*
 * Times what a new user does from nothing to the first successful import, following the README:
 * `git clone`, `npm ci`, `npm start` (build, then the host with the bundled sandbox), and the first
 * import run: a connection with the demo merchant the banner prints, an integration, an orders
 * file, a flow file -> CartRover `orders.create`, Run, until the run has succeeded. The steps
 * after the start go through the REST API the page uses (a person clicking adds their own time).
 *
 *   node tools/time-first-import.js [--repo <url or path>] [--cold-cache] [--keep]
 *
 * --repo: what to clone (default: this checkout's committed HEAD). --cold-cache: npm ci with an
 * empty npm cache, as on a new machine (downloads every package). --keep: leave the clone.
 * Prints one line per phase and the total; exits 1 when a phase fails.
 */
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ORDERS = 10;
const START_TIMEOUT_MS = 10 * 60 * 1000;
const RUN_TIMEOUT_MS = 2 * 60 * 1000;

function option(name) {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs a command to its end (output passed through to stderr); throws on a non-zero exit. */
function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: ['ignore', process.stderr, process.stderr], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** `npm start` in its own process group; resolves with its URL and demo credentials once the banner is out. */
function startHost(dir, env) {
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no banner within ${seconds(START_TIMEOUT_MS)}:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      const url = /running at (http:\/\/[0-9.]+:[0-9]+)\./.exec(output);
      const demo = /API user is (\S+) and its API key is (\S+)\./.exec(output);
      if (url && demo && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve({ url: url[1], apiUser: demo[1], apiKey: demo[2] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before its banner:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  return { started, stop };
}

/** The tests' minimal valid `orders.create` record (test/support/importable-order.json) with this `cust_ref`. */
function order(custRef) {
  return { cust_ref: custRef, ...require('../test/support/importable-order.json') };
}

/** The first import, as the README's page steps do it (over the REST API the page calls). */
async function firstImport(host, token) {
  const call = async (method, route, body, type = 'application/json') => {
    const response = await fetch(`${host.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
      body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const made = await call('POST', '/api/connections', { appId: 'cartrover', values: { name: 'My store', apiUser: host.apiUser, apiKey: host.apiKey } });
  const integration = await call('POST', '/api/integrations', { name: 'Web shop' });
  await call('PUT', `/api/integrations/${integration.id}/connections/register`, [made.connection.id]);
  const prefix = `FIRST-${Date.now()}`;
  const lines = Array.from({ length: ORDERS }, (_, index) => JSON.stringify(order(`${prefix}-${index + 1}`))).join('\n');
  await call('PUT', '/api/files/orders.ndjson', `${lines}\n`, 'application/x-ndjson');
  const flow = await call('POST', '/api/flows', {
    integrationId: integration.id,
    name: 'Orders to CartRover',
    source: { appId: 'file', operation: 'read', config: { name: 'orders.ndjson' } },
    destination: { appId: 'cartrover', connectionId: made.connection.id, operation: 'orders.create', config: {} },
  });
  const { runId } = await call('POST', `/api/flows/${flow.id}/run`);
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const current = await call('GET', `/api/flows/${flow.id}/runs/${runId}`);
    if (current.status !== 'running') {
      if (current.status !== 'succeeded') throw new Error(`the first run ended ${current.status}: ${JSON.stringify(current)}`);
      return current;
    }
    if (Date.now() > deadline) throw new Error('the first run did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  const repo = option('--repo') ?? ROOT;
  const work = mkdtempSync(path.join(tmpdir(), 'first-import-'));
  const dir = path.join(work, 'cartrover-connector');
  const env = { ...process.env, PORT: '0' };
  if (process.argv.includes('--cold-cache')) env.npm_config_cache = path.join(work, 'npm-cache');
  const phases = [];
  const timed = async (name, phase) => {
    const begin = Date.now();
    const result = await phase();
    phases.push([name, Date.now() - begin]);
    process.stderr.write(`-- ${name}: ${seconds(Date.now() - begin)}\n`);
    return result;
  };
  let host;
  try {
    await timed('git clone', () => run('git', ['clone', '--quiet', repo, dir]));
    await timed('npm ci', () => run('npm', ['ci'], { cwd: dir, env }));
    host = startHost(dir, env);
    const started = await timed('npm start (build, then the host answers)', () => host.started);
    const token = readFileSync(path.join(dir, 'data', 'host.token'), 'utf8').trim();
    const runResult = await timed(`first import (${ORDERS} orders, file -> CartRover sandbox)`, () => firstImport(started, token));
    const total = phases.reduce((sum, [, ms]) => sum + ms, 0);
    for (const [name, ms] of phases) console.log(`${name.padEnd(58)} ${seconds(ms).padStart(9)}`);
    console.log(`${'clone to the first successful import'.padEnd(58)} ${seconds(total).padStart(9)}`);
    console.log(`(run ${runResult.status}: read ${runResult.read}, written ${runResult.written}; npm cache ${env.npm_config_cache ? 'cold' : 'as on this machine'}; Node ${process.version})`);
  } finally {
    await host?.stop().catch(() => undefined);
    if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
