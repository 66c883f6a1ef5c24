/**
 * The console's page: its script bundled from console/page by esbuild (Preact,
 * no CDN: it works offline), its stylesheet and HTML. In a clone it is bundled
 * when the console starts; an installed package carries it prebuilt in
 * dist/console/page (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PageFiles {
  html: string;
  script: string;
  styles: string;
}

const PAGE_DIR = join(__dirname, '..', 'page');
const SOURCE = join(PAGE_DIR, 'main.tsx');

export async function buildPage(): Promise<PageFiles> {
  if (!existsSync(SOURCE)) return readPrebuilt(PAGE_DIR);
  // Only a clone bundles: an installed package never loads esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [SOURCE],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [html, styles] = await Promise.all([readFile(join(PAGE_DIR, 'index.html'), 'utf8'), readFile(join(PAGE_DIR, 'styles.css'), 'utf8')]);
  return { html, script: result.outputFiles[0]!.text, styles };
}

async function readPrebuilt(dir: string): Promise<PageFiles> {
  const [html, script, styles] = await Promise.all(['index.html', 'app.js', 'styles.css'].map((f) => readFile(join(dir, f), 'utf8')));
  return { html: html!, script: script!, styles: styles! };
}

/** Writes the bundled page into `dir`, for a package that cannot bundle it (see readPrebuilt). */
export async function writePrebuiltPage(dir: string): Promise<void> {
  const page = await buildPage();
  await mkdir(dir, { recursive: true });
  await Promise.all([writeFile(join(dir, 'index.html'), page.html), writeFile(join(dir, 'app.js'), page.script), writeFile(join(dir, 'styles.css'), page.styles)]);
}
