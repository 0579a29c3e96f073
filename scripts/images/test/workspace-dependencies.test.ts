import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bareImportsOf, undeclaredImports } from '../workspace-imports.js';

const root = new URL('../../../', import.meta.url).pathname;
const workspacesIn = (dir: string) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}`);

describe('every package a shipped workspace imports is one of its dependencies', () => {
  // The platform's testing helpers (vitest, fixtures) are for test files only and never built.
  const skipDirs: Record<string, string[]> = { 'packages/platform': ['src/testing'] };
  it.each([...workspacesIn('packages'), ...workspacesIn('services')])('%s', (workspace) => {
    expect(undeclaredImports(join(root, workspace), skipDirs[workspace])).toEqual([]);
  });
});

describe('the import scan', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'workspace-imports-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports a package imported, type-only too, but not declared, and nothing declared or built in', () => {
    mkdirSync(join(scratch, 'src/nested'), { recursive: true });
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: '@emporium/example', dependencies: { fastify: '*' } }),
    );
    writeFileSync(
      join(scratch, 'src/nested/main.ts'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'path';",
        "import Fastify from 'fastify';",
        "import { self } from '@emporium/example/sub';",
        "import {\n  loadConfig,\n} from '@emporium/platform';",
        "export { orderSchema } from '@emporium/contracts/order';",
        "import type { Db } from 'mongodb';",
        "const lazy = await import('pg');",
      ].join('\n'),
    );
    expect(undeclaredImports(scratch).map(({ packageName }) => packageName)).toEqual([
      '@emporium/platform',
      '@emporium/contracts',
      'mongodb',
      'pg',
    ]);
  });

  it('reads side-effect imports and leaves relative ones alone', () => {
    expect(bareImportsOf("import 'reflect-metadata';\nimport './local.js';")).toEqual(['reflect-metadata']);
  });
});
