/**
 * The docs link check: every relative link of a markdown file must reach a
 * file or folder of the repository, and every anchor (`#x`, `file.md#x`) a
 * heading of the target file, by GitHub's slugs. Links are read from marked's
 * tokens, so a link shown in a code block or span is not one. The files come
 * from a `Repository`, so the check also runs on a sample held in memory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import type * as Marked from 'marked' with { 'resolution-mode': 'import' };
import type GithubSlugger from 'github-slugger' with { 'resolution-mode': 'import' };

/** The files the links are checked against, by path relative to the repository root (`/` separators). */
export interface Repository {
  /** The text of a file, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** True when a file or folder exists at the path (`''` is the root). */
  exists(path: string): boolean;
}

/** A link that leads nowhere, and why. */
export interface BrokenLink {
  link: string;
  problem: string;
}

/** The repository on disk under `root`. */
export function diskRepository(root: string): Repository {
  return {
    read: (path) => (statSync(join(root, path), { throwIfNoEntry: false })?.isFile() ? readFileSync(join(root, path), 'utf8') : undefined),
    exists: (path) => existsSync(join(root, path)),
  };
}

/** A repository of the given files; their parent folders exist too. */
export function memoryRepository(files: Record<string, string>): Repository {
  const folders = new Set(['']);
  for (const path of Object.keys(files)) {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir);
  }
  return { read: (path) => files[path], exists: (path) => path in files || folders.has(path) };
}

/** `README.md` and every markdown file under `docs/`, relative to `root`, sorted. */
export function docsFiles(root: string): string[] {
  const docs = existsSync(join(root, 'docs'))
    ? (readdirSync(join(root, 'docs'), { recursive: true }) as string[]).map((f) => posix.join('docs', f.split(sep).join('/')))
    : [];
  return ['README.md', ...docs.filter((f) => f.endsWith('.md')).sort()];
}

type Markdown = { lexer: typeof Marked.lexer; walkTokens: typeof Marked.walkTokens; Slugger: typeof GithubSlugger };
let loaded: Promise<Markdown> | undefined;
/** marked and github-slugger are ES modules only: imported on first use. */
const markdown = (): Promise<Markdown> =>
  (loaded ??= Promise.all([import('marked'), import('github-slugger')]).then(([m, s]) => ({ lexer: m.lexer, walkTokens: m.walkTokens, Slugger: s.default })));

interface Token {
  type: string;
  href?: string;
  text?: string;
  tokens?: Token[];
}

/** What a heading reads as on the page: its inline text without markup. */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((t) => (t.tokens ? plainText(t.tokens) : t.type === 'text' || t.type === 'codespan' || t.type === 'escape' ? (t.text ?? '') : ''))
    .join('');
}

/** The anchors of a markdown text: GitHub's slug of each heading, repeats numbered as GitHub does. */
export async function headingAnchors(text: string): Promise<Set<string>> {
  const { lexer, walkTokens, Slugger } = await markdown();
  const slugger = new Slugger();
  const anchors = new Set<string>();
  // walkTokens returns what the callback returned for each token: this callback is synchronous, so nothing to await.
  void walkTokens(lexer(text), (t) => {
    if (t.type === 'heading') anchors.add(slugger.slug(plainText((t as Token).tokens ?? [])));
  });
  return anchors;
}

/** Every link and image target of a markdown text, outside code. */
export async function linkTargets(text: string): Promise<string[]> {
  const { lexer, walkTokens } = await markdown();
  const hrefs: string[] = [];
  // walkTokens returns what the callback returned for each token: this callback is synchronous, so nothing to await.
  void walkTokens(lexer(text), (t) => {
    if ((t.type === 'link' || t.type === 'image') && (t as Token).href) hrefs.push((t as Token).href!);
  });
  return hrefs;
}

/** A URL with a scheme (`https:`, `mailto:`) or protocol-relative: not checked. */
const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** The broken relative links and anchors of `file` (a path in `repo`). */
export async function brokenLinks(file: string, repo: Repository): Promise<BrokenLink[]> {
  const text = repo.read(file);
  if (text === undefined) return [{ link: file, problem: 'the file itself does not exist' }];
  const broken: BrokenLink[] = [];
  for (const link of await linkTargets(text)) {
    if (EXTERNAL.test(link)) continue;
    const problem = await linkProblem(file, text, link, repo);
    if (problem) broken.push({ link, problem });
  }
  return broken;
}

async function linkProblem(file: string, text: string, link: string, repo: Repository): Promise<string | undefined> {
  const hash = link.indexOf('#');
  const pathPart = (hash < 0 ? link : link.slice(0, hash)).replace(/\?.*$/, '');
  const anchor = hash < 0 ? undefined : decode(link.slice(hash + 1));
  let target = file;
  if (pathPart !== '') {
    const decoded = decode(pathPart);
    target = posix.normalize(decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(file), decoded)).replace(/\/$/, '');
    if (target === '.') target = '';
    if (target === '..' || target.startsWith('../')) return `${pathPart} is outside the repository`;
    if (!repo.exists(target)) return `${target} does not exist`;
  }
  if (anchor === undefined) return undefined;
  const targetText = target === file ? text : repo.read(target);
  if (targetText === undefined || !target.endsWith('.md')) return `#${anchor}: ${target || 'the root'} is not a markdown file, so it has no heading anchors`;
  const anchors = await headingAnchors(targetText);
  if (anchors.has(anchor)) return undefined;
  return `#${anchor} matches no heading of ${target} (anchors: ${[...anchors].join(', ') || 'none'})`;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
