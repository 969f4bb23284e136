import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

const D = `sha256:${'e'.repeat(64)}`;

describe('R24 hardened Dockerfile', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R24', base)).toEqual([]);
    },
  );

  it('flags unpinned bases, a single stage, a missing USER, ADD of URLs and secrets', async () => {
    const found = await repo.violations('R24', 'github', {
      Dockerfile: `FROM node:22
ARG NPM_TOKEN
ENV API_KEY=abc123 \\
    LOG_LEVEL=info
ENV AWS_KEY AKIAABCDEFGHIJKLMNOP
ADD https://example.com/tool.tgz /opt/
COPY --from=ghcr.io/org/tools:1 /bin/tool /usr/local/bin/
CMD ["node", "server.js"]
`,
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [1, startsWith('Base image `node:22` is not pinned by digest')],
      [1, startsWith('Single-stage build')],
      [1, startsWith('The final stage sets no `USER`')],
      [2, startsWith('`ARG NPM_TOKEN` looks like a secret')],
      [3, startsWith('`ENV API_KEY` looks like a secret')],
      [5, startsWith('`ENV AWS_KEY` holds what looks like a credential')],
      [6, startsWith('`ADD <url>` downloads without verification')],
      [
        7,
        startsWith(
          '`COPY --from=ghcr.io/org/tools:1` copies from an image that is not pinned',
        ),
      ],
    ]);
  });

  it('flags a named or root USER and accepts ARG-pinned bases, stage references and scratch', async () => {
    const named = await repo.violations('R24', 'github', {
      Dockerfile: `ARG BASE=registry.example.com/base@${D}
FROM \${BASE} AS build
RUN make
FROM scratch AS empty
FROM build
COPY --from=build /out /out
ENV TOKEN_FILE=/run/secrets/token
USER node
`,
    });
    expect(named.map(v => [v.line, v.message])).toEqual([
      [8, startsWith('`USER node` is a name')],
    ]);
    const root = await repo.violations('R24', 'github', {
      Dockerfile: `FROM a@${D} AS build\nFROM b@${D}\nUSER 10001\nUSER 0:0\n`,
    });
    expect(root.map(v => [v.line, v.message])).toEqual([
      [4, startsWith('The final stage runs as UID 0 (root)')],
    ]);
  });

  it('reads continuation lines, comments inside them and heredocs', async () => {
    const found = await repo.violations('R24', 'github', {
      Dockerfile: `# syntax=docker/dockerfile:1
FROM a@${D} AS build
RUN <<SCRIPT
ENV SECRET=this-is-inside-a-heredoc
SCRIPT
FROM b@${D}
ENV PORT=8080 \\
# a comment inside the instruction
    DB_PASSWORD=hunter2
USER 1001
`,
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [7, startsWith('`ENV DB_PASSWORD` looks like a secret')],
    ]);
  });
});
