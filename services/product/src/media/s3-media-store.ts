// MediaStore on an S3-compatible object store, shared by every replica. A write is a conditional
// PUT (If-None-Match: *), so of two replicas storing one key only one writes it; a store that
// ignores the condition overwrites the key with the same bytes, which is harmless because keys
// are content hashes.
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertMediaFolder, assertMediaKey, type MediaStore } from './media-store.js';

export interface S3MediaStoreOptions {
  bucket: string;
  /** Omitted for AWS itself; the server's URL for any other S3-compatible store. */
  endpoint?: string;
  region: string;
  /** Key prefix inside the bucket, e.g. `media/`, so one bucket can hold other things too. */
  prefix?: string;
  /** Omitted: the SDK's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export function createS3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const prefix = options.prefix ?? '';
  const Bucket = options.bucket;

  return {
    async putIfAbsent(key, bytes, contentType) {
      assertMediaKey(key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: prefix + key,
            Body: bytes,
            ContentType: contentType,
            IfNoneMatch: '*',
          }),
        );
        return 'created';
      } catch (error) {
        // 412: the key exists. 409: another writer of the same key is mid-upload; its bytes are ours.
        const status = statusOf(error);
        if (status === 412 || status === 409) return 'exists';
        throw error;
      }
    },

    async get(key) {
      assertMediaKey(key);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: prefix + key }));
        return { body: answer.Body as Readable, size: answer.ContentLength ?? 0 };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },

    async has(key) {
      assertMediaKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: prefix + key }));
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },

    async keysIn(folder) {
      assertMediaFolder(folder);
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: `${prefix}${folder}/`, ContinuationToken }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(prefix.length));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys.sort();
    },

    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },

    async close() {
      client.destroy();
    },
  };
}
