import { InputError } from '@backstage/errors';
import { ReportFormat } from '@devsecops/plugin-security-node';

/** The report formats known to the plugin, in registration order (detection tries them so). */
export class FormatRegistry {
  private readonly formats = new Map<string, ReportFormat>();

  add(format: ReportFormat) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(format.id)) {
      throw new Error(`Report format id '${format.id}' must be lower-case kebab-case`);
    }
    if (this.formats.has(format.id)) {
      throw new Error(`Report format '${format.id}' is already registered`);
    }
    this.formats.set(format.id, format);
  }

  list(): ReportFormat[] {
    return [...this.formats.values()];
  }

  /** The named format, or the first whose detector accepts the report's head. */
  resolve(id: string | undefined, head: string): ReportFormat {
    if (id) {
      const format = this.formats.get(id);
      if (!format) {
        throw new InputError(
          `Unknown format '${id}'; known formats: ${[...this.formats.keys()].join(', ')}`,
        );
      }
      return format;
    }
    const detected = this.list().find(f => f.detect(head));
    if (!detected) {
      throw new InputError(
        `The report format could not be recognised; pass ?format= with one of: ${[...this.formats.keys()].join(', ')}`,
      );
    }
    return detected;
  }
}
