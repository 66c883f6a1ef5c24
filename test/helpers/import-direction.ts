/**
 * The import-direction check: reads each source file's imports with the
 * TypeScript parser (so `import type`, `export … from`, `import()` and
 * `require()` are all seen, and text in comments or strings is not) and
 * reports every import a rule of `import-rules.ts` forbids. The files are
 * given as text, so the check also runs on a sample held in memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** A source file, by path relative to the repository root (`/` separators). */
export interface SourceText {
  path: string;
  text: string;
}

/** What an import reaches: a repository module (path without extension), a Node built-in or a package. */
export type ImportTarget = { kind: 'local'; module: string } | { kind: 'node'; name: string } | { kind: 'package'; name: string };

/** One import of one file. */
export interface FileImport {
  file: string;
  line: number;
  specifier: string;
  /** Erased when compiled (`import type`, only `type` names, `import('x').T`): no code of the target runs. */
  typeOnly: boolean;
  target: ImportTarget;
}

/** A direction rule: which files it governs, what it lets them import, and why. */
export interface ImportRule {
  name: string;
  /** Files whose path starts with one of these (`core/`, `index.ts`). */
  from: readonly string[];
  allows(imp: FileImport): boolean;
  why: string;
}

/** An import a rule forbids; `message` names the file, the import and the rule. */
export interface ImportViolation {
  file: string;
  specifier: string;
  rule: string;
  message: string;
}

const BUILTINS = new Set(builtinModules);

/** The module a specifier names, seen from `file`. */
function targetOf(file: string, specifier: string): ImportTarget {
  if (specifier.startsWith('.')) {
    const module = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.(ts|tsx|mts|js)$/, '');
    return { kind: 'local', module: module === '.' ? 'index' : module };
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) return { kind: 'node', name: specifier.replace(/^node:/, '') };
  const parts = specifier.split('/');
  return { kind: 'package', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

/** True when an import brings in no value: `import type`, or only names marked `type`. */
function typeOnlyClause(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** Every import of a file, in source order. */
export function importsOf(source: SourceText): FileImport[] {
  const kind = source.path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.ES2022, true, kind);
  const found: FileImport[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined, typeOnly: boolean) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
    found.push({ file: source.path, line, specifier: literal.text, typeOnly, target: targetOf(source.path, literal.text) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, typeOnlyClause(node.importClause));
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression, node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal, true);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** `file:line imports 'x': rule-name (why)` for every import of `sources` that a rule governing its file does not allow. */
export function checkImportDirections(sources: Iterable<SourceText>, rules: readonly ImportRule[]): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const source of sources) {
    const governing = rules.filter((rule) => rule.from.some((prefix) => source.path.startsWith(prefix)));
    if (governing.length === 0) continue;
    for (const imp of importsOf(source)) {
      for (const rule of governing.filter((r) => !r.allows(imp))) {
        const message = `${imp.file}:${imp.line} imports '${imp.specifier}'${imp.typeOnly ? ' (type only)' : ''}: rule ${rule.name} (${rule.why})`;
        violations.push({ file: imp.file, specifier: imp.specifier, rule: rule.name, message });
      }
    }
  }
  return violations;
}

/** The TypeScript files under `folders` of the repository at `root` (a root-level file may be named too). */
export function diskSources(root: string, folders: readonly string[]): SourceText[] {
  return folders.flatMap((folder) => {
    const paths = folder.endsWith('.ts')
      ? [folder]
      : readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.split(/[\\/]/).includes('node_modules'))
          .map((f) => posix.join(folder, f.split(/[\\/]/).join('/')));
    return paths.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
  });
}
