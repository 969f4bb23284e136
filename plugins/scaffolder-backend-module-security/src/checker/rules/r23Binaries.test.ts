import { repoTester } from '../__testUtils__/fixtureRepo';

const elf = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  Buffer.alloc(56),
]);
const pe = (() => {
  const b = Buffer.alloc(0x100);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32BE(0x50450000, 0x80);
  return b;
})();
const jar = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26),
  Buffer.from('META-INF/MANIFEST.MF'),
]);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(16),
]);

describe('R23 no committed binaries', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R23', base)).toEqual([]);
    },
  );

  it('recognises executables by their bytes, whatever their name', async () => {
    const found = await repo.violations('R23', 'github', {
      'tools/helper.txt': elf,
      'bin/setup.exe': pe,
      'lib/app.dat': jar,
      'data/blob': Buffer.from([1, 2, 0, 3, 4]),
      'docs/logo.png': png,
      'scripts/run.exe': '#!/bin/sh\necho text with an exe name\n',
      'notes/utf16.txt': Buffer.from('\ufeffhello', 'utf16le'),
    });
    expect(
      found.map(v => [
        v.file,
        v.message.replace(/^\S+ is a committed binary \(([^)]+)\).*$/, '$1'),
      ]),
    ).toEqual([
      ['bin/setup.exe', 'Windows PE executable'],
      ['data/blob', 'unrecognised binary file'],
      ['lib/app.dat', 'packaged code (ZIP/JAR'],
      ['tools/helper.txt', 'ELF executable or shared library'],
    ]);
  });

  it('allows the Gradle wrapper JAR when a workflow validates it', async () => {
    const wrapper = { 'gradle/wrapper/gradle-wrapper.jar': jar };
    expect(await repo.violations('R23', 'github', wrapper)).toHaveLength(1);
    const validated = await repo.violations('R23', 'github', {
      ...wrapper,
      '.github/workflows/ci.yml': [
        [
          '      - run: npm ci\n',
          '      - uses: gradle/actions/wrapper-validation@ac638b010cf58a27ee6c972d7336334ccaf61c96 # v4.4.1\n      - run: npm ci\n',
        ],
      ],
    });
    expect(validated).toEqual([]);
  });
});
