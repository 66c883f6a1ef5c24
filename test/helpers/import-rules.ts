/**
 * Which way imports may go between Retrofill's folders, each rule with why
 * (docs/development.md#layout draws them). `test/unit/import-direction.test.ts`
 * holds the repository to them.
 */
import type { FileImport, ImportRule } from './import-direction';

/** True when the import reaches a repository module under one of `folders` (`core/`), or one of them exactly (`workflows/search-attributes`). */
function reaches(imp: FileImport, ...folders: string[]): boolean {
  const { target } = imp;
  return target.kind === 'local' && folders.some((f) => (f.endsWith('/') ? `${target.module}/`.startsWith(f) : target.module === f));
}

const isPackage = (imp: FileImport, ...names: string[]) => imp.target.kind === 'package' && names.includes(imp.target.name);

/** Folders whose code ships or runs Retrofill (all but test/ and bench/). */
const PRODUCTION = ['core/', 'contract/', 'workflows/', 'activities/', 'db/', 'assets/', 'worker/', 'client/', 'cli/', 'console/', 'local/', 'observability/', 'examples/', 'dev/', 'index.ts'];

export const IMPORT_RULES: readonly ImportRule[] = [
  {
    name: 'core-is-pure',
    from: ['core/'],
    allows: (imp) => reaches(imp, 'core/') || isPackage(imp, 'zod'),
    why: 'core/ imports only core/ and zod: the planning core runs in the workflow sandbox and is unit-tested without servers',
  },
  {
    name: 'contract-is-shared',
    from: ['contract/'],
    allows: (imp) => reaches(imp, 'core/', 'contract/') || isPackage(imp, '@temporalio/workflow', '@temporalio/common'),
    why:
      'contract/ imports core/ and the definitions of the Temporal SDK (signals, queries, updates, search attribute keys): ' +
      'workflows and their callers both import it, so it holds names and types, no workflow, activity, database, client or CLI code',
  },
  {
    name: 'callers-use-the-contract',
    from: ['client/', 'cli/', 'worker/', 'local/', 'console/', 'bench/'],
    allows: (imp) => !reaches(imp, 'workflows/'),
    why: "a workflow's callers (client, CLI, worker, local servers, console, bench) take its names and types from contract/, never from workflows/: the worker bundles workflows/ by path",
  },
  {
    name: 'workflows-stay-deterministic',
    from: ['workflows/'],
    allows: (imp) =>
      reaches(imp, 'core/', 'contract/', 'workflows/', 'observability/trace-attributes') ||
      isPackage(imp, '@temporalio/workflow', '@temporalio/common', 'zod', '@opentelemetry/api') ||
      (imp.typeOnly && (reaches(imp, 'activities/', 'db/') || isPackage(imp, '@temporalio/proto'))),
    why:
      'workflows/ imports core/, contract/, the Temporal workflow API and the pure observability/trace-attributes: workflow code replays in a deterministic sandbox, ' +
      'reaches activities and the database only through proxyActivities (so their types only, erased), never Node, client/, cli/ or worker/',
  },
  {
    name: 'activities-serve-workflows',
    from: ['activities/'],
    allows: (imp) => imp.target.kind !== 'local' || reaches(imp, 'core/', 'activities/', 'assets/', 'db/', 'observability/'),
    why: 'activities/ imports core/, assets/, db/ and observability/: activities do the I/O that workflows ask for, so never workflows/, client/, cli/, worker/, console/ or local/',
  },
  {
    name: 'db-is-storage',
    from: ['db/'],
    allows: (imp) =>
      imp.target.kind === 'local' ? reaches(imp, 'core/', 'db/') || (imp.typeOnly && reaches(imp, 'assets/')) : !(imp.target.kind === 'package' && imp.target.name.startsWith('@temporalio/')),
    why: 'db/ imports core/, knex and (types only) assets/: the storage layer under the activities knows no Temporal, activities, workflows, client or CLI',
  },
  {
    name: 'assets-are-user-facing',
    from: ['assets/'],
    allows: (imp) => imp.target.kind !== 'local' || reaches(imp, 'core/', 'assets/', 'db/'),
    why: "assets/ imports core/ and db/'s table names: users' asset modules import it, so it pulls in no engine (activities, workflows, worker, client, cli)",
  },
  {
    name: 'client-talks-to-temporal',
    from: ['client/'],
    allows: (imp) =>
      reaches(imp, 'core/', 'client/', 'contract/') || (imp.target.kind !== 'local' && !isPackage(imp, 'knex', 'pg', '@temporalio/worker', '@temporalio/activity')),
    why: 'client/ imports core/ and contract/ (the workflow types, messages and search attributes): applications import it, so no workflow, worker, activity or database code',
  },
  {
    name: 'cli-through-client',
    from: ['cli/'],
    allows: (imp) => !reaches(imp, 'activities/', 'workflows/'),
    why: 'cli/ steers backfills through client/ and runs workers through worker/, never activity or workflow code itself',
  },
  {
    name: 'no-test-in-production',
    from: PRODUCTION,
    allows: (imp) => !reaches(imp, 'test/'),
    why: 'nothing outside test/ (and bench/, which reuses a fixture) imports test/: it is not shipped, and its helpers start servers',
  },
];

/** Every folder (or root file) a rule governs: the check reads these. */
export const RULED_FOLDERS = [...new Set(IMPORT_RULES.flatMap((r) => r.from))];
