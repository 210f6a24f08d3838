import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a borough's anchors are kept, newest first by name (shared/domain/audit-anchor.ts
 * `anchorName`): an S3 bucket with Object Lock in AWS, a folder locally. Written once, never changed.
 */
export interface AnchorStore {
  readonly where: string;
  /** The newest anchor's name and text, if there is any. */
  latest(): Promise<{ name: string; text: string } | undefined>;
  put(name: string, text: string): Promise<void>;
}

/** A borough's anchors in a folder (locally `.local/audit-anchors/<borough>/`); a new file each time, never rewritten. */
export const folderAnchorStore = (dir: string): AnchorStore => ({
  where: `${dir}/`,
  latest: () => {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve(undefined);
      throw error;
    }
    const name = names.sort()[0];
    return Promise.resolve(name ? { name, text: readFileSync(join(dir, name), 'utf8') } : undefined);
  },
  put: (name, text) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), text, { flag: 'wx', mode: 0o444 });
    return Promise.resolve();
  },
});

/**
 * A borough's anchors in its S3 bucket under `<borough>/`. The bucket's Object Lock (compliance mode,
 * a default retention) keeps each version from being deleted or overwritten by anyone until it expires.
 */
export const s3AnchorStore = (s3: S3Client, bucket: string, borough: string): AnchorStore => ({
  where: `s3://${bucket}/${borough}/`,
  latest: async () => {
    // The newest sorts first (its name starts with the inverted time): one key is enough.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${borough}/`, MaxKeys: 1 }));
    const key = listed.Contents?.[0]?.Key;
    if (!key) return undefined;
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await object.Body?.transformToString('utf8');
    if (text === undefined) throw new Error(`s3://${bucket}/${key} has no body.`);
    return { name: key.slice(borough.length + 1), text };
  },
  put: async (name, text) => {
    // Object Lock needs an integrity checksum on every put; the SDK adds one (CRC32 by default).
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${borough}/${name}`, Body: text, ContentType: 'application/json', IfNoneMatch: '*' }));
  },
});
