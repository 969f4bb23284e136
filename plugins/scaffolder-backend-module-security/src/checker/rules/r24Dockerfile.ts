import { Dockerfile, DockerInstruction } from '../model/dockerfile';
import { Finding } from '../types';
import { defineRule } from './defineRule';

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)/i;
/** Names that point at a secret without holding it. */
const SECRET_REFERENCE =
  /(_FILE|_PATH|_DIR|_URL|_URI|_ENDPOINT|_ISSUER|_AUDIENCE)$/i;
const SECRET_VALUE =
  /(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|glpat-[\w-]{20}|xox[baprs]-[\w-]+|-----BEGIN [A-Z ]*PRIVATE KEY)/;

/** `ARG`s declared before the first `FROM`, with their defaults, for `FROM ${BASE}`. */
function globalArgs(dockerfile: Dockerfile): Map<string, string> {
  const args = new Map<string, string>();
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === 'FROM') break;
    if (instruction.keyword !== 'ARG') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(
      instruction.rest.trim(),
    );
    if (m && m[2] !== undefined)
      args.set(m[1], m[2].replace(/^["']|["']$/g, ''));
  }
  return args;
}

function expand(value: string, args: Map<string, string>): string {
  return value.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
    (all, name) => args.get(name) ?? all,
  );
}

/** `ENV A=1 B=2`, `ENV A 1`, `ARG A=1`: the names and (optional) values. */
function assignments(
  instruction: DockerInstruction,
): Array<{ name: string; value?: string }> {
  const rest = instruction.rest.trim();
  if (instruction.keyword === 'ENV' && !/^[^\s=]+=/.test(rest)) {
    const [name, ...value] = rest.split(/\s+/);
    return [{ name, value: value.join(' ') }];
  }
  return [
    ...rest.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)(?:=("[^"]*"|'[^']*'|\S*))?/g),
  ].map(m => ({
    name: m[1],
    value: m[2]?.replace(/^["']|["']$/g, ''),
  }));
}

function checkDockerfile(dockerfile: Dockerfile): Finding[] {
  const at = (instruction: DockerInstruction) => ({
    file: dockerfile.path,
    line: instruction.line,
  });
  const findings: Finding[] = [];
  const args = globalArgs(dockerfile);
  const stageNames = new Set<string>();
  for (const stage of dockerfile.stages) {
    const image = expand(stage.image, args);
    const isStage = stageNames.has(image.toLowerCase());
    if (!isStage && image !== 'scratch' && !DIGEST.test(image)) {
      findings.push({
        ...at(stage.from),
        message: `Base image \`${image}\` is not pinned by digest; a rebuilt tag changes what you ship. Use \`FROM ${
          image.split('@')[0]
        }@sha256:<digest>\`.`,
      });
    }
    if (stage.name) stageNames.add(stage.name.toLowerCase());
  }
  if (dockerfile.stages.length < 2) {
    findings.push({
      file: dockerfile.path,
      line: dockerfile.stages[0]?.from.line,
      message:
        'Single-stage build: compilers, package managers and build secrets end up in the runtime image. Build in one stage and copy the result into a minimal final stage.',
    });
  }
  const final = dockerfile.stages[dockerfile.stages.length - 1];
  const users = final?.instructions.filter(i => i.keyword === 'USER') ?? [];
  const user = users[users.length - 1];
  if (!user) {
    findings.push({
      file: dockerfile.path,
      line: final?.from.line,
      message:
        'The final stage sets no `USER`, so the container runs as root. Add `USER 10001` (a numeric, non-zero UID).',
    });
  } else {
    const uid = user.rest.trim().split(':')[0];
    if (!/^\d+$/.test(uid)) {
      findings.push({
        ...at(user),
        message: `\`USER ${user.rest.trim()}\` is a name; Kubernetes can only enforce \`runAsNonRoot\` on a numeric UID. Use the numeric UID (e.g. \`USER 10001\`).`,
      });
    } else if (Number(uid) === 0) {
      findings.push({
        ...at(user),
        message:
          'The final stage runs as UID 0 (root). Switch to a non-root numeric UID.',
      });
    }
  }
  for (const instruction of dockerfile.instructions) {
    if (
      instruction.keyword === 'ADD' &&
      /(^|\s)(https?:\/\/|git@)/.test(instruction.rest)
    ) {
      findings.push({
        ...at(instruction),
        message:
          '`ADD <url>` downloads without verification. Download in a `RUN` step and check the checksum, or `COPY` a file fetched and verified by the pipeline.',
      });
    }
    if (instruction.keyword === 'COPY') {
      const from = instruction.flags.get('from');
      if (
        from &&
        !stageNames.has(from.toLowerCase()) &&
        !/^\d+$/.test(from) &&
        !DIGEST.test(from)
      ) {
        findings.push({
          ...at(instruction),
          message: `\`COPY --from=${from}\` copies from an image that is not pinned by digest.`,
        });
      }
    }
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
      for (const { name, value } of assignments(instruction)) {
        const secretName =
          SECRET_NAME.test(name) && !SECRET_REFERENCE.test(name);
        const secretValue = value !== undefined && SECRET_VALUE.test(value);
        if (!secretName && !secretValue) continue;
        findings.push({
          ...at(instruction),
          message: `\`${instruction.keyword} ${name}\` ${
            secretValue
              ? 'holds what looks like a credential'
              : 'looks like a secret'
          }; ${
            instruction.keyword
          } values stay in the image and its history. Use \`RUN --mount=type=secret,id=${name.toLowerCase()}\` instead.`,
        });
      }
    }
  }
  return findings;
}

export const r24 = defineRule({
  id: 'R24',
  title:
    'Dockerfile hardened: pinned base, multi-stage, numeric non-root USER, no secrets',
  description:
    'Dockerfile: base image pinned by digest, multi-stage, numeric non-root `USER`, no `ADD http...`, no secrets in `ENV`/`ARG`.',
  helpUri: 'https://docs.docker.com/build/building/best-practices/',
  severity: 'high',
  notApplicable: repo =>
    repo.dockerfiles.length === 0
      ? 'No Dockerfile or Containerfile in the tree'
      : undefined,
  check: repo => repo.dockerfiles.flatMap(checkDockerfile),
});
