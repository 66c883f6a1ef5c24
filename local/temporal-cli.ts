/**
 * Finds the `temporal` CLI (which runs the dev server), building it from its Go
 * module into a cache folder outside the clone when it is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** v1.5.1 is the newest release whose go.mod lets `go install` build it. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** Where a built CLI is kept between runs and clones. @default ~/.cache/retrofill/bin */
export const temporalCacheDir = (): string =>
  process.env.RETROFILL_CACHE_DIR ? join(process.env.RETROFILL_CACHE_DIR, 'bin') : join(homedir(), '.cache', 'retrofill', 'bin');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `TEMPORAL_CLI_PATH`, then `temporal` on PATH, then the cache folder; undefined when none exists. */
export function findTemporalCli(): string | undefined {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit && existsSync(explicit)) return explicit;
  const cached = join(temporalCacheDir(), 'temporal');
  return onPath('temporal') ?? (existsSync(cached) ? cached : undefined);
}

/**
 * The CLI's path, building it with `go install` when it is missing (minutes on
 * first run). Falls back to GOSUMDB=off when the checksum database is out of reach.
 * @throws Error when it is missing and Go is not installed.
 */
/** The `go` toolchain, on PATH or where its installer puts it. */
export const findGo = (): string | undefined => onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);

export function ensureTemporalCli(log: (line: string) => void = console.error): string {
  const found = findTemporalCli();
  if (found) return found;
  const go = findGo();
  if (!go) {
    throw new Error(
      `The temporal CLI was not found on PATH or in ${temporalCacheDir()}, and Go is not installed to build it. ` +
        `Install Go >= 1.25 and run: GOBIN=${temporalCacheDir()} go install ${TEMPORAL_CLI_MODULE}`,
    );
  }
  const gobin = temporalCacheDir();
  mkdirSync(gobin, { recursive: true });
  log(`Building the temporal CLI into ${gobin} (first run only; takes a few minutes)...`);
  const build = (env: NodeJS.ProcessEnv) =>
    spawnSync(go, ['install', TEMPORAL_CLI_MODULE], { env: { ...process.env, GOBIN: gobin, ...env }, stdio: ['ignore', 'inherit', 'pipe'] });
  let result = build({});
  if (result.status !== 0 && /sum\.golang\.org|checksum database|verifying module/i.test(String(result.stderr))) {
    log('The Go checksum database is out of reach: retrying with GOSUMDB=off for this one install.');
    result = build({ GOSUMDB: 'off' });
  }
  if (result.status !== 0) throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed:\n${String(result.stderr)}`);
  const built = join(gobin, 'temporal');
  log(execFileSync(built, ['--version']).toString().trim());
  return built;
}
