import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { startSpool } from './spool';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise(r => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('startSpool', () => {
  it('lets the body be read while it arrives, and hashes all of it', async () => {
    const body = new PassThrough();
    const spool = startSpool(body, { maxBytes: 1_000_000 });
    const first = Buffer.alloc(100_000, 'a');
    body.write(first);
    const head = await spool.head; // 64 KiB arrived: the format can be chosen now
    expect(head).toHaveLength(64 * 1024);
    await waitFor(() => spool.received.size === first.length);

    const reading = readAll(spool.received.open());
    const second = Buffer.alloc(50_000, 'b');
    body.end(second);
    const whole = Buffer.concat([first, second]);
    expect((await reading).equals(whole)).toBe(true);
    const done = await spool.done;
    expect(done.size).toBe(whole.length);
    expect(done.digest).toBe(createHash('sha256').update(whole).digest('hex'));
    expect((await readAll(done.open())).equals(whole)).toBe(true);
    await done.dispose();
  });

  it('decodes gzip as it arrives', async () => {
    const text = Buffer.from('{"bomFormat":"CycloneDX"}'.padEnd(200_000, ' '));
    const body = new PassThrough();
    const spool = startSpool(body, { maxBytes: 1_000_000 });
    const reading = readAll(spool.received.open());
    body.end(gzipSync(text));
    expect((await reading).equals(text)).toBe(true);
    expect((await spool.head).startsWith('{"bomFormat"')).toBe(true);
    await (await spool.done).dispose();
  });

  it('gives a reader the error that ended the body', async () => {
    const body = new PassThrough();
    const spool = startSpool(body, { maxBytes: 150_000 });
    body.write(Buffer.alloc(100_000, 'a'));
    const reading = readAll(spool.received.open());
    body.end(Buffer.alloc(100_000, 'b'));
    await expect(reading).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
    await expect(spool.done).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
  });

  it('refuses an empty body, also to whoever waits for its head', async () => {
    const body = new PassThrough();
    const spool = startSpool(body, { maxBytes: 1000 });
    body.end();
    await expect(spool.head).rejects.toThrow('The report body is empty');
    await expect(spool.done).rejects.toThrow('The report body is empty');
  });
});
