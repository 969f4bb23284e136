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
    }>;
  };
}
