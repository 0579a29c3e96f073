// The quick start runs apps/embedded as prebuilt JavaScript rather than through tsx: loading ~300
// TypeScript modules through tsx cost ~2 s of CPU and ~80 MB of resident memory that stayed for
// the process's life, while esbuild bundles them in well under a second. The bundle is a cache of
// this checkout's sources: built on the first start, rebuilt whenever a source it was made from
// changed. Plain JavaScript because scripts/start.mjs imports it before anything compiles
// TypeScript.
//
// Our own code (relative imports and the @emporium/* workspaces) goes into the bundle; packages
// from node_modules stay imports, so native and WebAssembly packages (sharp, argon2, PGlite) find
// their files as they expect, and a driver the embedded start never uses is never loaded.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');

/**
 * The embedded platform's entry and where its bundle goes: under dist/, which git ignores, as it
 * does the folders bundles are built in. The bundle must stay inside the checkout, where node
 * finds the packages it imports (node_modules).
 */
export const platformBundle = {
  entry: join(root, 'apps/embedded/src/main.ts'),
  outDir: join(root, 'apps/embedded/dist/platform'),
};

const SOURCES_FILE = 'sources.json';

/** Builds under way in this process: esbuild's service process is stopped when none is left. */
let buildsUnderWay = 0;

/**
 * The bundle of `entry` in `outDir`, built first if it is missing or any source it came from
 * changed. Returns the path of the file to run with node.
 */
export async function ensureBundle({ entry, outDir } = platformBundle) {
  const outFile = join(outDir, 'main.mjs');
  if (isCurrent(outDir)) return outFile;
  // Built beside and moved into place, so that a start never runs a half-written bundle.
  const staging = `${outDir}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const { build, stop } = await import('esbuild');
  buildsUnderWay += 1;
  try {
    const result = await build({
      entryPoints: { main: entry },
      absWorkingDir: root,
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // What the code imports on demand (the S3 media store, the Mongo catalog, Stripe) goes into
      // chunks of its own: in one file, esbuild would hoist those packages' imports to the top and
      // load the drivers on every start.
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Bundling renames clashing top-level names; Fastify and its plugins read function names.
      keepNames: true,
      metafile: true,
      logLevel: 'warning',
      plugins: [ownCodeOnly, ownLocations],
    });
    const sources = Object.keys(result.metafile.inputs).map((input) => {
      const path = resolve(root, input);
      const { mtimeMs, size } = statSync(path);
      return { path, mtimeMs, size };
    });
    writeFileSync(join(staging, SOURCES_FILE), `${JSON.stringify(sources)}\n`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    // Otherwise esbuild's process would idle beside the platform, as long as npm start runs.
    buildsUnderWay -= 1;
    if (buildsUnderWay === 0) await stop();
  }
  if (isCurrent(outDir)) {
    // Another start, building at the same moment, finished first: its bundle is as good.
    rmSync(staging, { recursive: true, force: true });
  } else {
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  }
  return outFile;
}

/** Current when every source the bundle was built from is still there, unchanged. */
function isCurrent(outDir) {
  const sourcesFile = join(outDir, SOURCES_FILE);
  if (!existsSync(join(outDir, 'main.mjs')) || !existsSync(sourcesFile)) return false;
  try {
    const sources = JSON.parse(readFileSync(sourcesFile, 'utf8'));
    return sources.every(({ path, mtimeMs, size }) => {
      const now = statSync(path, { throwIfNoEntry: false });
      return now !== undefined && now.mtimeMs === mtimeMs && now.size === size;
    });
  } catch {
    return false;
  }
}

/** Bare imports stay imports unless they name one of our workspaces (@emporium/*). */
const ownCodeOnly = {
  name: 'own-code-only',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@emporium/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Our modules find their files (migrations, templates) and resolve packages relative to
 * themselves through import.meta; in the bundle each keeps its own source location, which stays
 * right because the bundle is rebuilt when a source moves or changes.
 */
const ownLocations = {
  name: 'own-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.split(/[\\/]/).includes('node_modules')) return undefined;
      const source = await readFile(args.path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

// `node apps/embedded/bundle.mjs` builds the platform's bundle if needed and prints its path.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await ensureBundle());
}
