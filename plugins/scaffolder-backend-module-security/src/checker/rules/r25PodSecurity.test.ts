import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R25 restricted pod security', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R25', base)).toEqual([]);
    },
  );

  it('flags each missing or unsafe setting at its line', async () => {
    const found = await repo.violations('R25', 'github', {
      'deploy/deployment.yaml': [
        [
          '      automountServiceAccountToken: false\n',
          '      hostNetwork: true\n',
        ],
        [
          '      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n',
          '      securityContext:\n        fsGroup: 1000\n',
        ],
        [
          '            allowPrivilegeEscalation: false\n',
          '            allowPrivilegeEscalation: true\n            runAsUser: 1001\n',
        ],
        [
          '              drop: [ALL]\n',
          '              drop: [NET_RAW]\n              add: [SYS_ADMIN]\n',
        ],
        [
          '              containerPort: 8080\n',
          '              containerPort: 8080\n              hostPort: 8080\n',
        ],
        [
          '            limits:\n              cpu: 500m\n              memory: 128Mi\n',
          '',
        ],
        [
          '          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n',
          '',
        ],
        [
          '        - name: tmp\n          emptyDir: {}\n',
          '        - name: tmp\n          hostPath: { path: /tmp }\n',
        ],
      ],
      'deploy/serviceaccount.yaml': [
        [
          'automountServiceAccountToken: false',
          'automountServiceAccountToken: true',
        ],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        19,
        startsWith(
          'Deployment `payments-api` mounts a service account token the application does not need',
        ),
      ],
      [20, startsWith('Deployment `payments-api` sets `hostNetwork: true`')],
      [
        23,
        startsWith(
          'Deployment `payments-api` hard-codes pod `securityContext.fsGroup`',
        ),
      ],
      [
        25,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` has no livenessProbe',
        ),
      ],
      [
        31,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` binds a `hostPort`',
        ),
      ],
      [
        34,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` does not set `allowPrivilegeEscalation: false`',
        ),
      ],
      [
        35,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` hard-codes `runAsUser`',
        ),
      ],
      [
        38,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` does not drop all capabilities',
        ),
      ],
      [
        39,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` adds capabilities SYS_ADMIN',
        ),
      ],
      [
        43,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` sets no resources limits.cpu, limits.memory',
        ),
      ],
      [
        54,
        startsWith(
          "Deployment `payments-api` mounts the node's filesystem (`hostPath` volume `tmp`)",
        ),
      ],
    ]);
  });

  it('asks for the settings on the container, not only on the pod, and checks init containers and CronJobs', async () => {
    const found = await repo.violations('R25', 'gitlab', {
      'deploy/cronjob.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: { name: cleanup }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          automountServiceAccountToken: false
          securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
          initContainers:
            - name: wait
              image: x@sha256:${'f'.repeat(64)}
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
              resources: { requests: { cpu: 10m, memory: 8Mi }, limits: { cpu: 10m, memory: 8Mi } }
          containers:
            - name: cleanup
              image: x@sha256:${'f'.repeat(64)}
              resources: { requests: { cpu: 10m, memory: 8Mi }, limits: { cpu: 10m, memory: 8Mi } }
              readinessProbe: { exec: { command: [true] } }
              livenessProbe: { exec: { command: [true] } }
          restartPolicy: OnFailure
`,
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        13,
        startsWith(
          'Container `wait` of CronJob `cleanup` does not set `seccompProfile: { type: RuntimeDefault }` on the container',
        ),
      ],
      [
        13,
        startsWith(
          'Container `wait` of CronJob `cleanup` does not set `securityContext.runAsNonRoot: true` on the container',
        ),
      ],
      [
        18,
        startsWith(
          'Container `cleanup` of CronJob `cleanup` has no `securityContext`',
        ),
      ],
    ]);
  });

  it('flags a repository without workloads', async () => {
    const found = await repo.violations('R25', 'tekton', {
      'deploy/deployment.yaml': null,
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      ['deploy/', startsWith('No workload manifests under deploy/')],
    ]);
  });
});
