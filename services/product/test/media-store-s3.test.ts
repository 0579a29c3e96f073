// The S3 adapter against a real S3-compatible server (versitygw, scripts/infra.sh), in a bucket
// of its own that is emptied and removed afterwards.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { testInfra, uniqueName } from '@emporium/platform/testing';
import { createS3MediaStore } from '../src/media/s3-media-store.js';
import { describeMediaStoreContract } from './media-store-contract.js';

describeMediaStoreContract('S3 (versitygw)', async () => {
  const { endpoint, region, credentials } = testInfra.s3;
  const admin = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
  const bucket = uniqueName('media').replace('_', '-');
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  const store = createS3MediaStore({ bucket, endpoint, region, credentials, prefix: 'media/' });
  return {
    store,
    async dispose() {
      const { Contents = [] } = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
      for (const object of Contents)
        await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
      await admin.send(new DeleteBucketCommand({ Bucket: bucket }));
      admin.destroy();
    },
  };
});
