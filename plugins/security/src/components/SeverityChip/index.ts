export { SeverityChip, severityColors } from './SeverityChip';
