// MediaStore on a local directory (the embedded start keeps it under its data dir). A file is
// written under a temporary name and then hard-linked to its key: link() refuses an existing
// name, so of two writers of one key exactly one creates it and no reader sees half a file.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertMediaFolder, assertMediaKey, type MediaStore } from './media-store.js';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

export async function createFsMediaStore(root: string): Promise<MediaStore> {
  await mkdir(root, { recursive: true });
  const pathOf = (key: string) => join(root, key);

  return {
    async putIfAbsent(key, bytes) {
      assertMediaKey(key);
      const target = pathOf(key);
      await mkdir(join(target, '..'), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      try {
        await link(temporary, target);
        return 'created';
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw error;
      } finally {
        await unlink(temporary);
      }
    },

    async get(key) {
      assertMediaKey(key);
      try {
        const { size } = await stat(pathOf(key));
        return { body: createReadStream(pathOf(key)), size };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async has(key) {
      assertMediaKey(key);
      try {
        await stat(pathOf(key));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    async keysIn(folder) {
      assertMediaFolder(folder);
      try {
        const names = await readdir(join(root, folder));
        return names
          .filter((name) => !name.endsWith('.tmp'))
          .map((name) => `${folder}/${name}`)
          .sort();
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },

    async ping() {
      await stat(root);
    },

    async close() {},
  };
}
