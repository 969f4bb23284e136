import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ReportFormat } from './types';

/** Lets modules teach the security backend new report formats. Built-in formats use it too. */
export interface SecurityReportFormatsExtensionPoint {
  addFormat(...formats: ReportFormat[]): void;
}

export const securityReportFormatsExtensionPoint =
  createExtensionPoint<SecurityReportFormatsExtensionPoint>({
    id: 'security.report-formats',
  });
