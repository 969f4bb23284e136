import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '@backstage/errors';
import { ReportInput } from '@devsecops/plugin-security-node';
import { PayloadTooLargeError } from './errors';
import { SpoolFileWriter, SpoolProgress, readGrowingFile } from './spoolFile';

/** A decoded report body on disk: read as often as a parser needs, hashed once. */
export interface SpooledBody extends ReportInput {
  digest: string;
  /** The first bytes, decoded, for format detection. */
  head: string;
  dispose(): Promise<void>;
}

/** A body being spooled: its first bytes and its contents are available before it is whole. */
export interface Spool {
  /** The first bytes, decoded, as soon as they arrived (the whole body when it is shorter). */
  head: Promise<string>;
  /** The body as it arrives; `size` counts the bytes received so far. */
  received: ReportInput;
  /** The whole body, on disk and hashed. */
  done: Promise<SpooledBody>;
}

const HEAD_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Streams a request body to a temporary file, gunzipping it when it is compressed (by header
 * or by magic bytes), while counting decoded bytes so that neither a large body nor a gzip
 * bomb gets past `maxBytes`. The body can be read while it arrives.
 */
export function startSpool(
  body: Readable,
  options: { maxBytes: number; contentEncoding?: string; dir?: string },
): Spool {
  const progress = new SpoolProgress();
  let headReady!: (head: string) => void;
  let headFailed!: (error: unknown) => void;
  const head = new Promise<string>((resolve, reject) => {
    headReady = resolve;
    headFailed = reject;
  });
  let fileReady!: (file: string) => void;
  let fileFailed!: (error: unknown) => void;
  const file = new Promise<string>((resolve, reject) => {
    fileReady = resolve;
    fileFailed = reject;
  });
  file.catch(() => undefined);

  const done = spoolTo(body, options, {
    progress,
    head: text => headReady(text),
    file: path => fileReady(path),
  }).then(
    spooled => {
      progress.end();
      headReady(spooled.head);
      return spooled;
    },
    error => {
      progress.fail(error);
      headFailed(error);
      fileFailed(error);
      throw error;
    },
  );
  // the caller may only ever look at one of them
  head.catch(() => undefined);
  done.catch(() => undefined);
  return {
    head,
    done,
    received: {
      get size() {
        return progress.written;
      },
      open: () => readGrowingFile(file, progress),
    },
  };
}

interface SpoolListeners {
  progress: SpoolProgress;
  head(text: string): void;
  file(path: string): void;
}

async function spoolTo(
  body: Readable,
  options: { maxBytes: number; contentEncoding?: string; dir?: string },
  listeners: SpoolListeners,
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
        if (headLength === HEAD_BYTES) listeners.head(Buffer.concat(headChunks).toString('utf8'));
      }
      callback(null, chunk);
    },
  });

  try {
    const handle = await fs.open(file, 'w');
    const sink = new SpoolFileWriter(handle, listeners.progress);
    listeners.file(file);
    const { stream, gzip } = await source;
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
