import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '../..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { published?: string | number; target?: string | number; host_ip?: string }>;
  depends_on?: string[] | Record<string, unknown>;
  restart?: string;
  volumes?: unknown[];
  healthcheck?: unknown;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

function loadCompose(): ComposeFile {
  const text = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
  return parse(text) as ComposeFile;
}

function service(compose: ComposeFile, name: string): ComposeService {
  const svc = compose.services[name];
  if (!svc) throw new Error(`service ${name} is not defined in docker-compose.yml`);
  return svc;
}

/** Environment as a plain map, whether written as a mapping or a list of KEY=VALUE. */
function env(svc: ComposeService): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = svc.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const idx = entry.indexOf('=');
      if (idx === -1) out[entry] = '';
      else out[entry.slice(0, idx)] = entry.slice(idx + 1);
    }
  } else if (raw) {
    for (const [k, v] of Object.entries(raw)) out[k] = v == null ? '' : String(v);
  }
  return out;
}

interface PortMapping {
  host: number;
  container: number;
}

/** A published port with the host address it is bound to (undefined: every interface). */
interface PublishedPort extends PortMapping {
  ip: string | undefined;
}

/** Published ports; short syntax "[ip:]host:container[/proto]" or long syntax. */
function publishedPorts(svc: ComposeService): PublishedPort[] {
  return (svc.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return { ip: p.host_ip, host: Number(p.published), container: Number(p.target) };
    }
    const spec = String(p).split('/')[0]!;
    const parts = spec.split(':');
    if (parts.length === 1) {
      // Only the container port: Docker picks a random host port, on every interface.
      return { ip: undefined, host: Number.NaN, container: Number(parts[0]) };
    }
    return {
      ip: parts.length > 2 ? parts.slice(0, -2).join(':') : undefined,
      host: Number(parts[parts.length - 2]),
      container: Number(parts[parts.length - 1]),
    };
  });
}

/** Published port mappings, whatever address they are bound to. */
function ports(svc: ComposeService): PortMapping[] {
  return publishedPorts(svc).map(({ host, container }) => ({ host, container }));
}

/** `${NAME:?message}`: compose refuses to run unless NAME is set and not empty. */
const REQUIRED_VARIABLE = /^\$\{([A-Z_][A-Z0-9_]*):\?[^}]+\}$/;

function dependsOn(svc: ComposeService): string[] {
  const raw = svc.depends_on;
  if (!raw) return [];
  return Array.isArray(raw) ? raw : Object.keys(raw);
}

function dependencyCondition(svc: ComposeService, dep: string): string | undefined {
  const raw = svc.depends_on;
  if (!raw || Array.isArray(raw)) return undefined;
  const entry = raw[dep] as { condition?: string } | undefined;
  return entry?.condition;
}

function commandArgs(svc: ComposeService): string[] {
  const cmd = svc.command;
  if (cmd === undefined) return [];
  return Array.isArray(cmd) ? cmd : cmd.split(/\s+/).filter(Boolean);
}

const SERVICES = ['postgresql', 'temporal', 'temporal-ui', 'retrofill-db', 'retrofill-worker', 'retrofill-console', 'prometheus', 'grafana'];

/** The value following `flag` in a command's arguments; undefined when the flag is absent. */
function flagValue(args: string[], flag: string): string | undefined {
  const idx = args.indexOf(flag);
  return idx === -1 ? undefined : args[idx + 1];
}

/** Bind mounts of a service (short syntax `./source:target[:mode]`), with the source relative to the repo. */
function bindMounts(svc: ComposeService): Array<{ source: string; target: string; readOnly: boolean }> {
  return (svc.volumes ?? [])
    .filter((v): v is string => typeof v === 'string' && /^\.{1,2}\//.test(v))
    .map((v) => {
      const [source, target, mode] = v.split(':');
      return { source: source!, target: target!, readOnly: (mode ?? '').split(',').includes('ro') };
    });
}

interface PrometheusConfig {
  global?: { scrape_interval?: string };
  scrape_configs?: Array<{ job_name: string; metrics_path?: string; static_configs?: Array<{ targets?: string[] }> }>;
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();

  it('defines the eight services', () => {
    expect(compose.services).toBeTypeOf('object');
    for (const name of SERVICES) {
      expect(compose.services, `missing service ${name}`).toHaveProperty([name]);
    }
  });

  it('runs Temporal with PostgreSQL persistence on the postgresql service', () => {
    const temporal = service(compose, 'temporal');
    expect(temporal.image).toMatch(/^temporalio\/auto-setup:1\.29\.\d+$/);
    const e = env(temporal);
    expect(e.DB).toBe('postgres12');
    expect(e.DB_PORT).toBe('5432');
    expect(e.POSTGRES_SEEDS).toBe('postgresql');
    expect(compose.services).toHaveProperty([e.POSTGRES_SEEDS!]);

    // Credentials must match the ones the postgresql container is initialised with.
    const pgEnv = env(service(compose, 'postgresql'));
    expect(e.POSTGRES_USER).toBe(pgEnv.POSTGRES_USER);
    expect(e.POSTGRES_PWD).toMatch(REQUIRED_VARIABLE);
    expect(e.POSTGRES_PWD).toBe(pgEnv.POSTGRES_PASSWORD);

    expect(dependsOn(temporal)).toContain('postgresql');
    expect(dependencyCondition(temporal, 'postgresql')).toBe('service_healthy');
  });

  it('gives both PostgreSQL services a healthcheck and a named volume', () => {
    const declaredVolumes = Object.keys(compose.volumes ?? {});
    for (const name of ['postgresql', 'retrofill-db']) {
      const svc = service(compose, name);
      expect(svc.image).toBe('postgres:16');
      expect(JSON.stringify(svc.healthcheck)).toContain('pg_isready');
      const named = (svc.volumes ?? [])
        .map((v) => (typeof v === 'string' ? v.split(':')[0]! : String((v as { source?: string }).source)))
        .filter((src) => declaredVolumes.includes(src));
      expect(named.length, `${name} should mount a named volume`).toBeGreaterThan(0);
    }
  });

  it('publishes Temporal on 7233, the UI on 8080 and the Retrofill database on 5433', () => {
    expect(ports(service(compose, 'temporal'))).toContainEqual({ host: 7233, container: 7233 });
    expect(ports(service(compose, 'temporal-ui'))).toContainEqual({ host: 8080, container: 8080 });
    expect(ports(service(compose, 'retrofill-db'))).toContainEqual({ host: 5433, container: 5432 });
    expect(ports(service(compose, 'postgresql'))).toContainEqual({ host: 5432, container: 5432 });
  });

  it('points the UI and the worker at the temporal service on its container port 7233', () => {
    const temporalContainerPorts = ports(service(compose, 'temporal')).map((p) => p.container);
    expect(temporalContainerPorts).toContain(7233);

    for (const name of ['temporal-ui', 'retrofill-worker', 'retrofill-console']) {
      const address = env(service(compose, name)).TEMPORAL_ADDRESS;
      expect(address, `${name} TEMPORAL_ADDRESS`).toBeDefined();
      const [host, port] = address!.split(':');
      expect(host, `${name} TEMPORAL_ADDRESS host`).toBe('temporal');
      expect(compose.services).toHaveProperty([host!]);
      expect(Number(port), `${name} TEMPORAL_ADDRESS port`).toBe(7233);
    }
    expect(env(service(compose, 'retrofill-worker')).TEMPORAL_NAMESPACE).toBe('default');
  });

  it("gives the worker a DATABASE_URL matching retrofill-db's credentials", () => {
    const dbEnv = env(service(compose, 'retrofill-db'));
    const raw = env(service(compose, 'retrofill-worker')).DATABASE_URL;
    expect(raw).toBeDefined();
    const url = new URL(raw!);
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('retrofill-db');
    expect(compose.services).toHaveProperty([url.hostname]);
    // Inside the compose network the container port is used, not the published 5433.
    expect(url.port === '' ? 5432 : Number(url.port)).toBe(5432);
    expect(decodeURIComponent(url.username)).toBe(dbEnv.POSTGRES_USER);
    // The password comes from the same variable, beside the URL (PostgreSQL's client reads PGPASSWORD).
    expect(url.password).toBe('');
    expect(env(service(compose, 'retrofill-worker')).PGPASSWORD).toMatch(REQUIRED_VARIABLE);
    expect(env(service(compose, 'retrofill-worker')).PGPASSWORD).toBe(dbEnv.POSTGRES_PASSWORD);
    expect(url.pathname.replace(/^\//, '')).toBe(dbEnv.POSTGRES_DB);
  });

  it('builds the worker from the repo Dockerfile and waits for its dependencies', () => {
    const worker = service(compose, 'retrofill-worker');
    expect(worker.build).toBe('.');
    expect(worker.restart).toBe('unless-stopped');
    expect(commandArgs(worker).slice(0, 3)).toEqual(['npx', 'retrofill', 'worker']);
    expect(dependencyCondition(worker, 'temporal')).toBe('service_started');
    expect(dependencyCondition(worker, 'retrofill-db')).toBe('service_healthy');
  });

  it('publishes every port on 127.0.0.1 only', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const port of publishedPorts(svc)) {
        expect(port.ip, `${name} publishes ${port.host}:${port.container} on ${port.ip ?? 'every interface'}`).toBe('127.0.0.1');
      }
    }
  });

  it('takes every password from the environment, never a literal', () => {
    let passwords = 0;
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(env(svc))) {
        if (/PASSWORD|PWD|SECRET|TOKEN/.test(key)) {
          passwords += 1;
          expect(value, `${name} ${key}`).toMatch(REQUIRED_VARIABLE);
        }
        if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) {
          expect(new URL(value).password, `${name} ${key} holds a password`).toBe('');
        }
      }
    }
    expect(passwords).toBe(6);
  });

  it('keeps the .env file holding the passwords out of git and the image', () => {
    for (const file of ['.gitignore', '.dockerignore']) {
      expect(readFileSync(path.join(repoRoot, file), 'utf8').split('\n').map((l) => l.trim()), file).toContain('.env');
    }
  });

  it('only depends on services that exist', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const dep of dependsOn(svc)) {
        expect(compose.services, `${name} depends on unknown service ${dep}`).toHaveProperty([dep]);
      }
    }
  });

  it('runs the console on 8234 with its token, linking to the Temporal UI it publishes', () => {
    const consoleService = service(compose, 'retrofill-console');
    expect(consoleService.build).toBe('.');
    const args = commandArgs(consoleService);
    expect(args.slice(0, 3)).toEqual(['npx', 'retrofill', 'console']);
    // Inside its container it listens on every interface, which the console refuses without a token.
    expect(args[args.indexOf('--host') + 1]).toBe('0.0.0.0');
    expect(Number(args[args.indexOf('--port') + 1])).toBe(8234);
    expect(ports(consoleService)).toContainEqual({ host: 8234, container: 8234 });
    const e = env(consoleService);
    expect(e.RETROFILL_CONSOLE_TOKEN).toMatch(REQUIRED_VARIABLE);
    expect(new URL(e.TEMPORAL_UI_URL!).port).toBe(String(ports(service(compose, 'temporal-ui'))[0]!.host));
    expect(dependencyCondition(consoleService, 'temporal')).toBe('service_started');
  });

  it("runs the worker with an assets file that exists in the repo", () => {
    const args = commandArgs(service(compose, 'retrofill-worker'));
    const idx = args.indexOf('--assets');
    expect(idx, 'worker command has --assets').toBeGreaterThan(-1);
    const assetsFile = args[idx + 1];
    expect(assetsFile).toBeDefined();
    // The worker image's WORKDIR is the repo root (/app), so the path is repo-relative.
    expect(path.normalize(assetsFile!)).toBe(path.normalize('examples/demo/assets.ts'));
    expect(existsSync(path.join(repoRoot, assetsFile!)), `${assetsFile} should exist`).toBe(true);
  });

  it('serves the worker metrics inside the compose network only', () => {
    const worker = service(compose, 'retrofill-worker');
    const args = commandArgs(worker);
    expect(flagValue(args, '--metrics-port')).toBe('9464');
    // The worker binds 127.0.0.1 by default, which Prometheus in its own container could not reach.
    expect(flagValue(args, '--metrics-host')).toBe('0.0.0.0');
    // Reachable by Prometheus on the compose network, never published on the host.
    expect(publishedPorts(worker)).toEqual([]);
  });

  it('runs Prometheus and Grafana, published on 127.0.0.1 only', () => {
    const prometheus = service(compose, 'prometheus');
    expect(prometheus.image).toMatch(/^prom\/prometheus:v3\.\d+\.\d+$/);
    expect(publishedPorts(prometheus)).toEqual([{ ip: '127.0.0.1', host: 9090, container: 9090 }]);
    expect(dependsOn(prometheus)).toContain('retrofill-worker');

    const grafana = service(compose, 'grafana');
    expect(grafana.image).toMatch(/^grafana\/grafana:12\.\d+\.\d+$/);
    expect(publishedPorts(grafana)).toEqual([{ ip: '127.0.0.1', host: 3000, container: 3000 }]);
    expect(dependsOn(grafana)).toContain('prometheus');
  });

  it('lets anonymous Grafana visitors view, not edit, and takes the admin password from .env', () => {
    const e = env(service(compose, 'grafana'));
    expect(e.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(e.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    expect(e.GF_SECURITY_ADMIN_PASSWORD).toMatch(REQUIRED_VARIABLE);
    expect(REQUIRED_VARIABLE.exec(e.GF_SECURITY_ADMIN_PASSWORD!)![1]).toBe('GRAFANA_ADMIN_PASSWORD');
    // The header's .env recipe sets it, as it sets every other required variable.
    const header = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
    expect(header).toContain('GRAFANA_ADMIN_PASSWORD=%s');
  });

  it("turns on the new matcher in Temporal's dynamic config, so task priority takes effect", () => {
    const temporal = service(compose, 'temporal');
    const file = env(temporal).DYNAMIC_CONFIG_FILE_PATH;
    expect(file).toBe('config/dynamicconfig/retrofill.yaml');
    const mount = bindMounts(temporal).find((m) => m.target === `/etc/temporal/${file}`);
    expect(mount, 'the dynamic config is mounted where DYNAMIC_CONFIG_FILE_PATH points').toBeDefined();
    expect(mount!.readOnly).toBe(true);
    const config = parse(readFileSync(path.join(repoRoot, mount!.source), 'utf8')) as Record<string, Array<{ value: unknown }>>;
    expect(config['matching.useNewMatcher']).toEqual([{ value: true }]);
  });

  it('mounts Prometheus and Grafana configuration that exists in the repo, read-only', () => {
    const expected: Record<string, Record<string, string>> = {
      prometheus: { '/etc/prometheus/prometheus.yml': 'deploy/prometheus/prometheus.yml' },
      grafana: { '/etc/grafana/provisioning': 'deploy/grafana/provisioning', '/var/lib/grafana/dashboards': 'deploy/grafana/dashboards' },
    };
    for (const [name, targets] of Object.entries(expected)) {
      const mounts = bindMounts(service(compose, name));
      for (const [target, source] of Object.entries(targets)) {
        const mount = mounts.find((m) => m.target === target);
        expect(mount, `${name} mounts ${target}`).toBeDefined();
        expect(path.normalize(mount!.source), `${name} ${target} source`).toBe(path.normalize(source));
        expect(mount!.readOnly, `${name} ${target} read-only`).toBe(true);
        expect(existsSync(path.join(repoRoot, mount!.source)), `${mount!.source} should exist`).toBe(true);
      }
    }
    for (const file of [
      'deploy/grafana/provisioning/datasources/prometheus.yml',
      'deploy/grafana/provisioning/dashboards/retrofill.yml',
      'deploy/grafana/dashboards/retrofill.json',
    ]) {
      expect(existsSync(path.join(repoRoot, file)), `${file} should exist`).toBe(true);
    }
  });

  it('provisions the Prometheus data source and the dashboards folder Grafana mounts', () => {
    const datasources = parse(readFileSync(path.join(repoRoot, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: Array<{ type: string; uid: string; url: string; isDefault?: boolean }>;
    };
    const prom = datasources.datasources.find((d) => d.type === 'prometheus');
    expect(prom).toBeDefined();
    expect(prom!.uid).toBe('prometheus');
    expect(prom!.isDefault).toBe(true);
    const url = new URL(prom!.url);
    expect(url.hostname).toBe('prometheus');
    expect(compose.services).toHaveProperty([url.hostname]);
    expect(ports(service(compose, 'prometheus')).map((p) => p.container)).toContain(Number(url.port));

    const providers = parse(readFileSync(path.join(repoRoot, 'deploy/grafana/provisioning/dashboards/retrofill.yml'), 'utf8')) as {
      providers: Array<{ type: string; options: { path: string } }>;
    };
    const dashboardsMount = bindMounts(service(compose, 'grafana')).find((m) => path.normalize(m.source) === path.normalize('deploy/grafana/dashboards'));
    expect(dashboardsMount).toBeDefined();
    expect(providers.providers).toContainEqual(expect.objectContaining({ type: 'file', options: expect.objectContaining({ path: dashboardsMount!.target }) }));
  });

  it('has Prometheus scrape the worker service on the port its command passes', () => {
    const config = parse(readFileSync(path.join(repoRoot, 'deploy/prometheus/prometheus.yml'), 'utf8')) as PrometheusConfig;
    expect(config.global?.scrape_interval).toBe('5s');
    const job = config.scrape_configs?.find((j) => j.job_name === 'retrofill-worker');
    expect(job, 'scrape job retrofill-worker').toBeDefined();
    expect(job!.metrics_path ?? '/metrics').toBe('/metrics');
    const targets = (job!.static_configs ?? []).flatMap((c) => c.targets ?? []);
    expect(targets).toHaveLength(1);
    const [host, port] = targets[0]!.split(':');
    expect(host).toBe('retrofill-worker');
    expect(compose.services).toHaveProperty([host!]);
    expect(port).toBe(flagValue(commandArgs(service(compose, 'retrofill-worker')), '--metrics-port'));
  });
});

describe('Dockerfile', () => {
  const dockerfilePath = path.join(repoRoot, 'Dockerfile');

  it('exists', () => {
    expect(existsSync(dockerfilePath)).toBe(true);
  });

  it('builds on Node 20 and installs dependencies with npm ci', () => {
    const text = readFileSync(dockerfilePath, 'utf8');
    const from = text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^FROM\s/i.test(l));
    expect(from, 'Dockerfile has a FROM line').toBeDefined();
    const image = from!.split(/\s+/)[1]!;
    expect(image).toMatch(/^node:20(\.|-|$)/);
    expect(text).toMatch(/^RUN\s+npm ci\b/m);
  });

  it('is accompanied by a .dockerignore that keeps node_modules and .git out', () => {
    const ignore = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignore).toContain('node_modules');
    expect(ignore).toContain('.git');
  });
});
