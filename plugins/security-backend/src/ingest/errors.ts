import { CustomErrorBase } from '@backstage/errors';

/** A report over the configured size; the error handler answers 413 from `statusCode`. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}
