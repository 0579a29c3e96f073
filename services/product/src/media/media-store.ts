// The media store port: where rendered images live, by key `<content hash>/<file>`. Keys are
// content-addressed, so a key's bytes never change: a second write of a key is a no-op, which
// is what makes two uploads of the same image safe to run at once. Two adapters share one
// contract suite (test/media-store-contract.ts): a directory (embedded start, one machine) and
// an S3-compatible object store (several replicas share it).
import type { Readable } from 'node:stream';

export interface StoredMedia {
  body: Readable;
  size: number;
}

export interface MediaStore {
  /** Stores the bytes unless the key already exists; `exists` when it did (nothing written). */
  putIfAbsent(key: string, bytes: Buffer, contentType: string): Promise<'created' | 'exists'>;
  /** The bytes of a key, streamed; undefined when there is no such key. */
  get(key: string): Promise<StoredMedia | undefined>;
  has(key: string): Promise<boolean>;
  /** Keys in a folder (`<hash>`), sorted: what one image stored. */
  keysIn(folder: string): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Keys are made by this service, never taken from a request as they are; still, a key that could
// climb out of its folder is refused here rather than trusted.
const KEY = /^[a-z0-9]{8,128}\/[a-z0-9-]{1,40}\.[a-z0-9]{2,5}$/;
const FOLDER = /^[a-z0-9]{8,128}$/;

export function assertMediaKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid media key: ${key}`);
}

export function assertMediaFolder(folder: string): void {
  if (!FOLDER.test(folder)) throw new Error(`invalid media folder: ${folder}`);
}
