import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { MediaError } from './errors.js';
import { assertValidKey, type ByteRange, type ListableMediaStorage, type ListedObject } from './storage.js';
import { featureMetrics } from '../metrics/metrics.js';

/** Connection settings of an S3-compatible store (AWS, MinIO, Garage, Ceph, OVH, Scaleway …). */
export interface S3MediaStorageOptions {
  readonly bucket: string;
  readonly region: string;
  /** e.g. `https://s3.fr-par.scw.cloud` or `http://127.0.0.1:9000`; omit for AWS itself. */
  readonly endpoint?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`): what most self-hosted stores need. Default true. */
  readonly forcePathStyle?: boolean;
  /** Optional prefix inside the bucket, so one bucket can hold several deployments. */
  readonly prefix?: string;
  /** Multipart part size; memory per upload is about `partSize × queueSize`. Default 8 MiB. */
  readonly partSize?: number;
  /** Parts uploaded in parallel. Default 2. */
  readonly queueSize?: number;
}

/** Counts the bytes on their way to the SDK. */
class CountingPassThrough extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/**
 * Media in an S3-compatible bucket. `put` streams through `@aws-sdk/lib-storage`'s multipart
 * `Upload` (bounded memory); on failure it aborts the multipart upload and deletes the key.
 * Configure the bucket with an `AbortIncompleteMultipartUpload` lifecycle rule as a safety net.
 */
export class S3MediaStorage implements ListableMediaStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3MediaStorageOptions) {
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Since 3.729 the SDK adds CRC32 checksums with aws-chunked trailers to every upload; many
      // S3-compatible stores (s3rver, older MinIO/Ceph/Garage) reject those. Only when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
    this.partSize = options.partSize ?? 8 * 1024 * 1024;
    this.queueSize = options.queueSize ?? 2;
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  async put(key: string, body: Readable, options: { contentType: string }): Promise<{ bytes: number }> {
    const objectKey = this.objectKey(key);
    const counter = new CountingPassThrough();
    let bodyError: unknown;
    body.once('error', (error: unknown) => {
      bodyError = error;
      counter.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    body.pipe(counter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: counter, ContentType: options.contentType },
      partSize: this.partSize,
      queueSize: this.queueSize,
    });
    try {
      await upload.done();
      featureMetrics.mediaBytesStored.inc(counter.bytes);
      return { bytes: counter.bytes };
    } catch (error) {
      body.unpipe(counter);
      body.destroy();
      // Some stores do not implement AbortMultipartUpload and the SDK then reports that failure
      // instead of the cause: the body's own error (limit, client abort) is the one that matters.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey })).catch(() => undefined);
      throw bodyError ?? error;
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const objectKey = this.objectKey(key);
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      if (!(response.Body instanceof Readable)) throw new MediaError('MEDIA_STORAGE_FAILED', 'S3 body is not a Node stream');
      return response.Body;
    } catch (error) {
      if (isNotFound(error)) throw new MediaError('MEDIA_NOT_FOUND', `no object at ${key}`);
      throw error;
    }
  }

  async stat(key: string): Promise<{ bytes: number } | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return { bytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    let continuationToken: string | undefined;
    do {
      // ListObjectsV2 answers at most 1,000 keys a page: memory stays bounded however large the bucket.
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: continuationToken }));
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified) yield { key: object.Key.slice(this.prefix.length), lastModified: object.LastModified };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  /** Closes the HTTP agent's sockets. */
  destroy(): void {
    this.client.destroy();
  }
}
