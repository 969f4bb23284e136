import { RepoFile } from '../model/files';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { scorecard } from './support';

interface Magic {
  what: string;
  bytes: number[];
  offset?: number;
}

/** Executable and packaged-code formats, recognised by their first bytes. */
const EXECUTABLES: Magic[] = [
  { what: 'ELF executable or shared library', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { what: 'Mach-O binary', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { what: 'Mach-O binary', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { what: 'Mach-O binary', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { what: 'Mach-O binary', bytes: [0xfe, 0xed, 0xfa, 0xce] },
  {
    what: 'Java class or Mach-O universal binary',
    bytes: [0xca, 0xfe, 0xba, 0xbe],
  },
  { what: 'WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { what: 'Android DEX', bytes: [0x64, 0x65, 0x78, 0x0a] },
  {
    what: 'static library or Debian package (ar archive)',
    bytes: [0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a],
  },
  { what: 'RPM package', bytes: [0xed, 0xab, 0xee, 0xdb] },
  {
    what: 'MSI installer (OLE compound file)',
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  },
];

/** Formats that contain NUL bytes but are data, not code. */
const MEDIA: Magic[] = [
  { what: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { what: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { what: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { what: 'WebP/RIFF', bytes: [0x52, 0x49, 0x46, 0x46] },
  { what: 'ICO', bytes: [0x00, 0x00, 0x01, 0x00] },
  { what: 'BMP', bytes: [0x42, 0x4d] },
  { what: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46] },
  { what: 'WOFF', bytes: [0x77, 0x4f, 0x46, 0x46] },
  { what: 'WOFF2', bytes: [0x77, 0x4f, 0x46, 0x32] },
  { what: 'TrueType font', bytes: [0x00, 0x01, 0x00, 0x00] },
  { what: 'OpenType font', bytes: [0x4f, 0x54, 0x54, 0x4f] },
  { what: 'gzip', bytes: [0x1f, 0x8b] },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** ZIP-based formats that carry code. */
const CODE_ARCHIVE = /\.(jar|war|ear|aar|apk|whl|egg|nupkg|crx|xpi|vsix)$/i;

function startsWith(head: Buffer, magic: Magic): boolean {
  const offset = magic.offset ?? 0;
  return magic.bytes.every((b, i) => head[offset + i] === b);
}

/** What kind of binary artifact a file is, or `undefined` for text and media. */
export function binaryKind(file: RepoFile): string | undefined {
  const { head, path } = file;
  const executable = EXECUTABLES.find(m => startsWith(head, m));
  if (executable) return executable.what;
  // PE (Windows) executables: "MZ", then the PE header offset at 0x3c pointing at "PE\0\0".
  if (head[0] === 0x4d && head[1] === 0x5a && head.length >= 0x40) {
    const pe = head.readUInt32LE(0x3c);
    if (pe + 4 <= head.length && head.readUInt32BE(pe) === 0x50450000)
      return 'Windows PE executable';
  }
  // Python bytecode: two magic bytes, then "\r\n".
  if (head[2] === 0x0d && head[3] === 0x0a && /\.py[co]$/.test(path))
    return 'Python bytecode';
  if (ZIP.every((b, i) => head[i] === b)) {
    const listing = head.toString('latin1');
    if (CODE_ARCHIVE.test(path) || /META-INF\/|\.class|\.dex/.test(listing))
      return 'packaged code (ZIP/JAR)';
    return undefined;
  }
  if (MEDIA.some(m => startsWith(head, m))) return undefined;
  // UTF-16 text has NUL bytes too; its byte order mark gives it away.
  if (
    (head[0] === 0xff && head[1] === 0xfe) ||
    (head[0] === 0xfe && head[1] === 0xff)
  )
    return undefined;
  return head.includes(0) ? 'unrecognised binary file' : undefined;
}

export const r23 = defineRule({
  id: 'R23',
  title: 'No committed binaries',
  description:
    'No committed binaries: executables, libraries, bytecode and packaged code are recognised by their magic bytes; other files with NUL bytes count unless they are a known media format. A Gradle wrapper JAR is allowed when a workflow validates it.',
  helpUri: scorecard('Binary-Artifacts'),
  severity: 'high',
  check: repo => {
    const validatesWrapper = repo.githubWorkflows.some(w =>
      w.jobs.some(j =>
        j.steps.some(s =>
          /^gradle\/(actions\/wrapper-validation|wrapper-validation-action)@/.test(
            String(s.uses?.value ?? ''),
          ),
        ),
      ),
    );
    return repo.files.flatMap((file): Finding[] => {
      const kind = binaryKind(file);
      if (!kind) return [];
      if (
        validatesWrapper &&
        /(^|\/)gradle\/wrapper\/gradle-wrapper\.jar$/.test(file.path)
      )
        return [];
      return [
        {
          file: file.path,
          message: `${file.path} is a committed binary (${kind}). Binaries cannot be reviewed; build them from source in CI or fetch them as a verified, pinned dependency.`,
        },
      ];
    });
  },
});
