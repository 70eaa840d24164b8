import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

export interface ArchiveOptions {
  endpoint?: string;
  region?: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** An object store bucket: put, get, list. Works against AWS S3, MinIO and s3rver. */
export interface Archive {
  bucket: string;
  ensureBucket(): Promise<void>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  list(prefix?: string): Promise<string[]>;
  close(): void;
}

export function openArchive(options: ArchiveOptions): Archive {
  const s3 = new S3Client({
    region: options.region ?? 'us-east-1',
    // Path-style addressing: local S3 servers do not resolve bucket sub-domains.
    forcePathStyle: true,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    credentials: {
      accessKeyId: options.accessKeyId ?? process.env.AWS_ACCESS_KEY_ID ?? 'S3RVER',
      secretAccessKey: options.secretAccessKey ?? process.env.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
    },
  });
  const Bucket = options.bucket;
  return {
    bucket: Bucket,
    async ensureBucket() {
      try {
        await s3.send(new HeadBucketCommand({ Bucket }));
      } catch {
        await s3.send(new CreateBucketCommand({ Bucket }));
      }
    },
    async put(Key, Body, ContentType = 'application/octet-stream') {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType }));
    },
    async get(Key) {
      const out = await s3.send(new GetObjectCommand({ Bucket, Key }));
      if (!out.Body) throw new Error(`s3://${Bucket}/${Key} has no body`);
      return out.Body.transformToByteArray();
    },
    async list(Prefix) {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys;
    },
    close: () => s3.destroy(),
  };
}
