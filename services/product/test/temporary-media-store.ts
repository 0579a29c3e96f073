// A media store on a fresh directory under the OS temp dir, for one test file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsMediaStore } from '../src/media/fs-media-store.js';
import type { MediaStore } from '../src/media/media-store.js';

export async function temporaryMediaStore(): Promise<{ store: MediaStore; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'product-media-'));
  return { store: await createFsMediaStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
}
