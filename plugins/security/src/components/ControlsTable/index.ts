export { ControlsTable } from './ControlsTable';
export { ControlStatusChip } from './ControlStatusChip';
