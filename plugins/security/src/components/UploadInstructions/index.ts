export { UploadInstructions, uploadCommand } from './UploadInstructions';
