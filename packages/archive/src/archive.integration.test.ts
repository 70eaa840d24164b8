import { gunzipSync, gzipSync } from 'node:zlib';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from './index.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'archive');
const archive = openArchive({ endpoint: endpoints.S3_ENDPOINT, bucket: endpoints.S3_BUCKET });
afterAll(() => archive.close());

describe('S3 archive', () => {
  it('puts, gets and lists objects under a prefix', async () => {
    await archive.ensureBucket();
    const body = gzipSync(Buffer.from('{"id":"e1","text":"服务态度很好"}\n'));
    // More than one page of the default listing would need 1000 objects; 3 keys prove prefix and order.
    for (const k of ['p0/000-009', 'p0/010-019', 'p1/000-004'])
      await archive.put(`${iso.s3Prefix}${k}.ndjson.gz`, body, 'application/gzip');
    await archive.put(`${iso.s3Prefix}p0/010-019.ndjson.gz`, body, 'application/gzip'); // overwrite, not duplicate
    expect(await archive.list(`${iso.s3Prefix}p0/`)).toEqual([
      `${iso.s3Prefix}p0/000-009.ndjson.gz`,
      `${iso.s3Prefix}p0/010-019.ndjson.gz`,
    ]);
    expect(await archive.list(iso.s3Prefix)).toHaveLength(3);
    const back = gunzipSync(await archive.get(`${iso.s3Prefix}p1/000-004.ndjson.gz`)).toString('utf8');
    expect(JSON.parse(back)).toEqual({ id: 'e1', text: '服务态度很好' });
  });

  it('a missing key is an error', async () => {
    await expect(archive.get(`${iso.s3Prefix}nope`)).rejects.toThrow();
  });
});
