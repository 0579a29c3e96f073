// Which packages a workspace's shipped code imports that its own package.json does not list under
// `dependencies`. An image installs only what `npm ci --omit=dev -w <workspace>` pulls in, while
// the hoisted node_modules of a development checkout resolves every package: an undeclared import
// works here and crashes in the image, so the declaration is checked instead of the resolution.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

export interface UndeclaredImport {
  file: string;
  packageName: string;
}

// Static imports and re-exports, and dynamic import() of a literal. `import type` counts too: it
// needs nothing at run time, but the image compiles the service from the same declared install.
const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative and built-in. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!name || builtinModules.includes(name)) return undefined;
  return name;
}

export function bareImportsOf(source: string): string[] {
  const names = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const name = match[1] && packageNameOf(match[1]);
      if (name) names.add(name);
    }
  }
  return [...names];
}

function sourceFiles(dir: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (skip.has(path)) return [];
    if (entry.isDirectory()) return sourceFiles(path, skip);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Imports in `<workspace>/src` (minus `skipDirs`, relative to the workspace) whose package is
 * neither the workspace itself nor one of its `dependencies`.
 */
export function undeclaredImports(
  workspaceDir: string,
  skipDirs: readonly string[] = [],
): UndeclaredImport[] {
  const manifest = JSON.parse(readFileSync(join(workspaceDir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
  const skip = new Set(skipDirs.map((dir) => join(workspaceDir, dir)));
  return sourceFiles(join(workspaceDir, 'src'), skip).flatMap((file) =>
    bareImportsOf(readFileSync(file, 'utf8'))
      .filter((packageName) => !declared.has(packageName))
      .map((packageName) => ({ file: relative(workspaceDir, file), packageName })),
  );
}
