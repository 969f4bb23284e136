import { createPermission } from '@backstage/plugin-permission-common';

/** Upload a report (CI pipelines, connectors, people). */
export const securityReportCreatePermission = createPermission({
  name: 'security.report.create',
  attributes: { action: 'create' },
});

/** Read findings, SBOM components and summaries of entities the caller can see. */
export const securityFindingsReadPermission = createPermission({
  name: 'security.findings.read',
  attributes: { action: 'read' },
});

export const securityPermissions = [
  securityReportCreatePermission,
  securityFindingsReadPermission,
];
