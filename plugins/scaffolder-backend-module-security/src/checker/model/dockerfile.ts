/**
 * A Dockerfile read into instructions with their lines: continuations joined, comments and
 * parser directives handled, heredoc bodies (`RUN <<EOF`) kept with their instruction.
 */
export interface DockerInstruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined with spaces. */
  args: string;
  line: number;
  /** Leading `--name=value` flags (`--platform`, `--from`, `--mount`, `--chown`). */
  flags: Map<string, string>;
  /** The arguments after the flags. */
  rest: string;
  heredoc?: string;
}

export interface DockerStage {
  from: DockerInstruction;
  /** The image reference after `FROM` and its flags. */
  image: string;
  name?: string;
  instructions: DockerInstruction[];
}

export interface Dockerfile {
  path: string;
  instructions: DockerInstruction[];
  stages: DockerStage[];
}

export function isDockerfilePath(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|dockerfile|Containerfile)$/.test(
    base,
  );
}

export function parseDockerfile(path: string, text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  for (; i < lines.length; i++) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]);
    if (!directive) break;
    if (directive[1].toLowerCase() === 'escape') escape = directive[2];
  }
  const instructions: DockerInstruction[] = [];
  while (i < lines.length) {
    const first = lines[i];
    if (/^\s*(#|$)/.test(first)) {
      i++;
      continue;
    }
    const line = i + 1;
    let buffer = first;
    while (endsWithEscape(buffer, escape) && i + 1 < lines.length) {
      buffer = buffer.replace(/\s+$/, '').slice(0, -1);
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i])) i++;
      buffer += ` ${lines[i] ?? ''}`;
    }
    i++;
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(buffer);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    let heredoc: string | undefined;
    const marker = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(args);
    if (marker && ['RUN', 'COPY', 'ADD'].includes(keyword)) {
      const body: string[] = [];
      while (i < lines.length) {
        const row = lines[i++];
        const candidate = marker[1] ? row.replace(/^\t+/, '') : row;
        if (candidate.trim() === marker[3]) break;
        body.push(row);
      }
      heredoc = body.join('\n');
    }
    const { flags, rest } = splitFlags(args);
    instructions.push({ keyword, args, line, flags, rest, heredoc });
  }
  return { path, instructions, stages: toStages(instructions) };
}

function endsWithEscape(line: string, escape: string): boolean {
  return line.replace(/\s+$/, '').endsWith(escape);
}

function splitFlags(args: string): {
  flags: Map<string, string>;
  rest: string;
} {
  const flags = new Map<string, string>();
  let rest = args;
  for (;;) {
    const m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!m) break;
    flags.set(m[1], m[2] ?? '');
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

function toStages(instructions: DockerInstruction[]): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.rest.split(/\s+/);
      stages.push({
        from: instruction,
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}
