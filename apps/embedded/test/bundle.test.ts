import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../bundle.mjs';

describe('the bundle npm start runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emporium-bundle-'));
  const entry = join(dir, 'src/main.ts');
  const where = join(dir, 'src/lib/where.ts');
  const outDir = join(dir, 'dist/app');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  mkdirSync(join(dir, 'src/lib'), { recursive: true });
  writeFileSync(
    entry,
    `import { here, version } from './lib/where.js';\nconsole.log(JSON.stringify({ here, version }));\n`,
  );
  const writeWhere = (version: number) =>
    writeFileSync(
      where,
      `export const here: string = import.meta.filename;\nexport const version: number = ${version};\n`,
    );
  const run = (file: string) => JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
  // A file of the test's own in the bundle's folder is gone once the folder was built anew.
  const mark = () => writeFileSync(join(outDir, 'mark'), '');
  const marked = () => existsSync(join(outDir, 'mark'));

  it('keeps each module its own location, for the files it reads beside itself', async () => {
    writeWhere(1);
    const file = await ensureBundle({ entry, outDir });
    expect(run(file)).toEqual({ here: where, version: 1 });
  });

  it('is reused while its sources are unchanged, and rebuilt when one changes', async () => {
    await ensureBundle({ entry, outDir });
    mark();
    await ensureBundle({ entry, outDir });
    expect(marked()).toBe(true);

    writeWhere(2);
    // The same size as before: the rebuild must come from the changed modification time.
    utimesSync(where, new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await ensureBundle({ entry, outDir });
    expect(marked()).toBe(false);
    expect(run(rebuilt)).toEqual({ here: where, version: 2 });
  });

  it('builds once when two starts ask at the same moment, and both get a whole bundle', async () => {
    rmSync(outDir, { recursive: true, force: true });
    const [a, b] = await Promise.all([ensureBundle({ entry, outDir }), ensureBundle({ entry, outDir })]);
    expect(a).toBe(b);
    expect(run(a)).toEqual({ here: where, version: 2 });
  });
});
