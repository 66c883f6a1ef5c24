/**
 * Watches the folder of an assets module for changes to source files, for
 * `retrofill dev`. node_modules and dot folders (.git...) are left out: on
 * Linux, where Node's recursive watch would also walk them, the folders are
 * watched one by one instead.
 */
import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { extname, join, relative } from 'node:path';

/** Extensions of files a module may import, JSON included. */
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

const ignoredName = (name: string): boolean => name === 'node_modules' || name.startsWith('.');

/** True when a change at `relativePath` (from the watched folder) may change what the module exports. */
export function isWatchedSource(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  return !parts.some(ignoredName) && SOURCE_EXTENSIONS.includes(extname(relativePath));
}

export interface SourceWatcher {
  close(): void;
}

/** Calls `onChange` with the path (relative to `root`) of each changed source file, as often as the OS reports it. */
export function watchSources(root: string, onChange: (relativePath: string) => void): SourceWatcher {
  const report = (relativePath: string) => {
    if (isWatchedSource(relativePath)) onChange(relativePath);
  };
  if (process.platform === 'darwin' || process.platform === 'win32') {
    const watcher = watch(root, { recursive: true }, (_event, filename) => filename && report(filename));
    return { close: () => watcher.close() };
  }
  return watchFolderByFolder(root, report);
}

function watchFolderByFolder(root: string, report: (relativePath: string) => void): SourceWatcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const add = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (event, filename) => {
        if (!filename || ignoredName(filename)) return;
        const path = join(dir, filename);
        // A folder created (or moved in) after the start gets its own watcher.
        if (event === 'rename' && isDirectory(path)) add(path);
        report(relative(root, path));
      });
    } catch {
      return; // Removed or unreadable meanwhile: nothing to watch.
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of readEntries(dir)) {
      if (entry.isDirectory() && !ignoredName(entry.name)) add(join(dir, entry.name));
    }
  };
  add(root);
  return {
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
