export interface Config {
  /** Configuration of the security suite's backend plugin. */
  security?: {
    ingest?: {
      /**
       * Largest accepted report in bytes, measured after decompression. Larger uploads are
       * answered with 413. Defaults to 1 GiB.
       */
      maxReportBytes?: number;
    };
    /**
     * Reports loaded when the backend starts, for demo portals. Each is ingested like an
     * upload; a file already loaded (same content) is skipped, so restarts add nothing.
     */
    seedReports?: Array<{
      /** The catalog entity the report belongs to, e.g. component:default/payments-api. */
      entityRef: string;
      /** Path of the report file, relative to the backend's working directory. */
      path: string;
      /** Optional source label, as in the upload endpoint. */
      source?: string;
      /** Optional format id; detected from the content when absent. */
      format?: string;
      /** Optional artifact the report's signatures are about, as in the upload endpoint. */
      artifact?: string;
    }>;
    accessCache?: {
      /**
       * How long a caller's permission grants and entity look-ups are reused, in seconds
       * (default 5; 0 asks the permission and catalog plugins on every request). A revoked
       * permission or newly hidden entity takes up to this long to apply; refusals are never
       * reused.
       */
      ttlSeconds?: number;
    };
    /** Scoring of entities against compliance frameworks. */
    compliance?: {
      /**
       * Frameworks every entity is scored against, in addition to those its own or its
       * system's `security.devsecops.io/compliance-frameworks` annotation lists.
       */
      defaultFrameworks?: string[];
      /**
       * Frameworks added to the shipped catalogue, or requirements added to a shipped framework
       * of the same id: `{ id, title, version?, url?, baselineOf?, requirements: [{ id, title }] }`.
       */
      frameworks?: Array<{ [key: string]: unknown }>;
      /**
       * Checks added to the catalogue, or replacing a shipped check of the same id:
       * `{ id, title, match: [{ source?, controlId }] | findings | signing | sbom,
       *    maps: [{ framework, requirements, source }] }`, in the format of the plugin's
       * catalogue/checks files.
       */
      checks?: Array<{ [key: string]: unknown }>;
    };
    /** Verification of Sigstore signatures and attestations; it never uses the network. */
    supplyChain?: {
      /**
       * A Sigstore trusted_root.json (Fulcio CAs, Rekor and CT log keys). Defaults to the pinned
       * public-good root shipped with the plugin; point it at your own for a private instance.
       */
      trustedRootPath?: string;
      /** The npm registry's keys.json, for npm publish attestations. Defaults to the pinned copy. */
      npmKeysPath?: string;
      /**
       * Who must sign the entities' own artifacts, unless an entity's annotations say otherwise.
       * Without it, GitHub Actions of the entity's github.com/project-slug is expected.
       */
      identity?: {
        /** The OIDC issuer, e.g. https://token.actions.githubusercontent.com */
        issuer?: string;
        /** A regular expression for the certificate's subject; `{projectSlug}` is filled in. */
        subjectPattern?: string;
      };
    };
  };
}
