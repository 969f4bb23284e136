import { FileHandle, open } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';

const READ_BYTES = 1 << 20;

/** How much of a spool file is on disk, and whether more will come. */
export class SpoolProgress {
  written = 0;
  ended = false;
  error?: unknown;
  private waiters: Array<() => void> = [];

  advance(bytes: number) {
    this.written += bytes;
    this.wake();
  }

  end() {
    this.ended = true;
    this.wake();
  }

  fail(error: unknown) {
    this.error ??= error;
    this.wake();
  }

  /** Resolves at the next change. */
  changed(): Promise<void> {
    return new Promise(resolve => this.waiters.push(resolve));
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Writes a stream to a file that is already open, reporting each write once it has landed. */
export class SpoolFileWriter extends Writable {
  private position = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly progress: SpoolProgress,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  _writev(
    chunks: Array<{ chunk: Buffer }>,
    callback: (error?: Error | null) => void,
  ): void {
    const buffer = chunks.length === 1 ? chunks[0].chunk : Buffer.concat(chunks.map(c => c.chunk));
    this.writeAll(buffer).then(() => callback(), callback);
  }

  _final(callback: (error?: Error | null) => void): void {
    this.handle.close().then(() => callback(), callback);
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  private async writeAll(buffer: Buffer) {
    for (let offset = 0; offset < buffer.length; ) {
      const { bytesWritten } = await this.handle.write(
        buffer,
        offset,
        buffer.length - offset,
        this.position + offset,
      );
      offset += bytesWritten;
    }
    this.position += buffer.length;
    this.progress.advance(buffer.length);
  }
}

/**
 * Reads a spool file while it is being written: what has landed, then waits for more, until
 * the writer ends (or fails, with its error).
 */
export function readGrowingFile(
  file: Promise<string>,
  progress: SpoolProgress,
): Readable {
  async function* chunks() {
    const handle = await open(await file, 'r');
    try {
      let position = 0;
      for (;;) {
        if (position < progress.written) {
          const length = Math.min(progress.written - position, READ_BYTES);
          const buffer = Buffer.allocUnsafe(length);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          if (bytesRead === 0) throw new Error('The spooled report ended early');
          position += bytesRead;
          yield bytesRead < length ? buffer.subarray(0, bytesRead) : buffer;
        } else if (progress.error !== undefined) {
          throw progress.error;
        } else if (progress.ended) {
          return;
        } else {
          await progress.changed();
        }
      }
    } finally {
      await handle.close();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
