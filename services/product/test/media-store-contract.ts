// The contract every MediaStore adapter keeps (directory, S3-compatible object store).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaStore } from '../src/media/media-store.js';

async function read(store: MediaStore, key: string): Promise<Buffer | undefined> {
  const stored = await store.get(key);
  if (!stored) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.body) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  expect(stored.size).toBe(bytes.length);
  return bytes;
}

const folder = () => randomBytes(16).toString('hex');

export function describeMediaStoreContract(
  name: string,
  open: () => Promise<{ store: MediaStore; dispose: () => Promise<void> }>,
): void {
  describe(`media store contract: ${name}`, () => {
    let store: MediaStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => {
      await store.close();
      await dispose();
    });

    it('answers its ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('stores bytes under a key and streams them back', async () => {
      const key = `${folder()}/card.webp`;
      const bytes = randomBytes(70_000);
      expect(await store.has(key)).toBe(false);
      expect(await store.putIfAbsent(key, bytes, 'image/webp')).toBe('created');
      expect(await store.has(key)).toBe(true);
      expect(await read(store, key)).toEqual(bytes);
    });

    it('writes a key once: a second write changes nothing', async () => {
      const key = `${folder()}/zoom.jpg`;
      const first = randomBytes(1000);
      expect(await store.putIfAbsent(key, first, 'image/jpeg')).toBe('created');
      expect(await store.putIfAbsent(key, randomBytes(1000), 'image/jpeg')).toBe('exists');
      expect(await read(store, key)).toEqual(first);
    });

    it('lets exactly one of several concurrent writers of a key create it', async () => {
      const key = `${folder()}/detail.avif`;
      const writes = Array.from({ length: 8 }, () => randomBytes(20_000));
      const outcomes = await Promise.all(writes.map((bytes) => store.putIfAbsent(key, bytes, 'image/avif')));
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
      const kept = await read(store, key);
      expect(writes.some((bytes) => bytes.equals(kept!))).toBe(true);
    });

    it('answers undefined for a key never written', async () => {
      expect(await store.get(`${folder()}/thumbnail.png`)).toBeUndefined();
      expect(await store.has(`${folder()}/thumbnail.png`)).toBe(false);
    });

    it('lists the keys of one folder, sorted, and none of another', async () => {
      const mine = folder();
      const other = folder();
      for (const name of ['zoom.jpg', 'card.avif', 'manifest.json']) {
        await store.putIfAbsent(`${mine}/${name}`, Buffer.from(name), 'application/octet-stream');
      }
      await store.putIfAbsent(`${other}/card.avif`, Buffer.from('x'), 'image/avif');
      expect(await store.keysIn(mine)).toEqual([
        `${mine}/card.avif`,
        `${mine}/manifest.json`,
        `${mine}/zoom.jpg`,
      ]);
      expect(await store.keysIn(folder())).toEqual([]);
    });

    it('refuses a key that could leave its folder', async () => {
      await expect(store.putIfAbsent('../../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(
        /invalid media key/,
      );
      await expect(store.get(`${folder()}/../card.jpg`)).rejects.toThrow(/invalid media key/);
    });
  });
}
