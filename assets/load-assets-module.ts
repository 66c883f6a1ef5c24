/** Loads the user's definitions module (TypeScript runs without a build step) into a catalog. */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssetDefinitionError } from '../core/errors';
import { shownValue } from '../core/shown-value';
import { AssetCatalog } from './asset-catalog';
import { isAsset, type Asset } from './define-asset';

const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Every asset exported by the module: named or default exports, alone or in arrays. */
export function collectAssets(moduleExports: Record<string, unknown>): Asset[] {
  const found = new Set<Asset>();
  const visit = (value: unknown): void => {
    if (isAsset(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const value of Object.values(moduleExports)) {
    visit(value);
    if (value && typeof value === 'object' && !Array.isArray(value) && !isAsset(value)) Object.values(value).forEach(visit);
  }
  return [...found];
}

/**
 * Imports the module at `path` and validates its assets.
 * @throws AssetDefinitionError when the module exports no asset or the definitions are invalid.
 */
export async function loadAssetsModule(path: string): Promise<AssetCatalog> {
  const absolute = resolve(path);
  if (!MODULE_EXTENSIONS.includes(extname(absolute))) {
    throw new AssetDefinitionError([`${shownValue(path, 300)} is not a TypeScript or JavaScript module (${MODULE_EXTENSIONS.join(', ')})`]);
  }
  if (!existsSync(absolute)) throw new AssetDefinitionError([`assets module not found: ${absolute}`]);
  let moduleExports: Record<string, unknown>;
  try {
    moduleExports = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new AssetDefinitionError([`cannot load the assets module ${shownValue(path, 300)}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const assets = collectAssets(moduleExports);
  if (assets.length === 0) throw new AssetDefinitionError([`${absolute} exports no asset made with defineAsset`]);
  return new AssetCatalog(assets);
}
