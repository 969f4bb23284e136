import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '@backstage/errors';
import { ReportInput } from '@devsecops/plugin-security-node';
import { PayloadTooLargeError } from './errors';

/** A decoded report body on disk: read as often as a parser needs, hashed once. */
export interface SpooledBody extends ReportInput {
  digest: string;
  /** The first bytes, decoded, for format detection. */
  head: string;
  dispose(): Promise<void>;
}

const HEAD_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Streams a request body to a temporary file, gunzipping it when it is compressed (by header
 * or by magic bytes), while counting decoded bytes so that neither a large body nor a gzip
 * bomb gets past `maxBytes`.
 */
export async function spoolBody(
  body: Readable,
  options: { maxBytes: number; contentEncoding?: string; dir?: string },
): Promise<SpooledBody> {
  const encoding = (options.contentEncoding ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'x-gzip', ''].includes(encoding)) {
    throw new InputError(
      `Content-Encoding ${encoding} is not supported; send the report plain or gzip'd`,
    );
  }
  // Attach to the body before any await: an error or abort while the temp dir is being made
  // must reach this function, not become an uncaught exception.
  const source = sniffGzip(body, encoding === 'gzip' || encoding === 'x-gzip');
  source.catch(() => undefined);
  const dir = await fs.mkdtemp(join(options.dir ?? tmpdir(), 'security-report-'));
  const file = join(dir, 'report');
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;

  const meter = new Transform({
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      size += chunk.length;
      if (size > options.maxBytes) {
        callback(
          new PayloadTooLargeError(
            `The report is larger than the limit of ${options.maxBytes} bytes (after decompression)`,
          ),
        );
        return;
      }
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      callback(null, chunk);
    },
  });

  try {
    const { stream, gzip } = await source;
    const sink = createWriteStream(file, { highWaterMark: 1 << 20 });
    if (gzip) {
      await pipeline(stream, createGunzip({ chunkSize: 256 * 1024 }), meter, sink);
    } else {
      await pipeline(stream, meter, sink);
    }
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code?.startsWith('Z_')) {
      throw new InputError(`The body is not valid gzip: ${(error as Error).message}`);
    }
    throw error;
  }

  if (size === 0) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new InputError('The report body is empty');
  }

  return {
    size,
    digest: hash.digest('hex'),
    head: Buffer.concat(headChunks).toString('utf8'),
    open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
    dispose: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** Peeks at the first bytes: a gzip stream is decoded even if the client forgot the header. */
async function sniffGzip(
  body: Readable,
  declared: boolean,
): Promise<{ stream: Readable; gzip: boolean }> {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { stream: Readable.from([]), gzip: false };
  const chunk: Buffer = Buffer.isBuffer(first.value)
    ? first.value
    : Buffer.from(first.value);
  const gzip = declared || (chunk[0] === GZIP_MAGIC[0] && chunk[1] === GZIP_MAGIC[1]);
  async function* rest() {
    yield chunk;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  }
  return { stream: Readable.from(rest(), { objectMode: false }), gzip };
}
