// Opens the media store a URL names: `file:///abs/dir` (a directory) or
// `s3://bucket/prefix?endpoint=http://host:port&region=…` (an S3-compatible object store;
// credentials from the SDK's usual chain, e.g. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
import { fileURLToPath } from 'node:url';
import { createFsMediaStore } from './fs-media-store.js';
import type { MediaStore } from './media-store.js';

export async function openMediaStore(url: string): Promise<MediaStore> {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') return createFsMediaStore(fileURLToPath(parsed));
  if (parsed.protocol === 's3:') {
    // The AWS SDK loads only for an S3 store: the embedded start keeps files in a directory.
    const { createS3MediaStore } = await import('./s3-media-store.js');
    const prefix = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return createS3MediaStore({
      bucket: parsed.hostname,
      prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
      endpoint: parsed.searchParams.get('endpoint') ?? undefined,
      region: parsed.searchParams.get('region') ?? 'us-east-1',
    });
  }
  throw new Error(`MEDIA_STORE_URL: unsupported scheme ${parsed.protocol} (file: or s3:)`);
}
