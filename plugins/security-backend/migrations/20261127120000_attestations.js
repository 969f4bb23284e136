// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('security_attestations', table => {
    table.comment('Signed statements about artifacts (Sigstore bundles) and their verdicts');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('report_id', 36).notNullable();
    table.string('source_label', 200).notNullable().defaultTo('');
    table.string('bundle_digest', 80).notNullable().comment('sha256 of the bundle JSON');
    table.text('bundle').notNullable().comment('kept to verify again when trust or policy change');
    table.string('media_type', 128).notNullable();
    table.string('kind', 32).notNullable();
    table.text('artifact').notNullable();
    table
      .string('requested_artifact', 1024)
      .notNullable()
      .defaultTo('')
      .comment('the artifact parameter of the upload; one bundle may be uploaded for several');
    table.string('role', 16).notNullable();
    table.string('expected_digest', 160);
    table.string('subject_digest', 160);
    table.text('subjects').notNullable();
    table.string('predicate_type', 512);
    table.text('provenance');
    table.text('signer_identity');
    table.string('signer_issuer', 512);
    table.string('signer_key_id', 255);
    table.string('log_index', 32);
    table.string('log_id', 128);
    table.timestamp('integrated_time', { useTz: true });
    table.string('status', 16).notNullable();
    table.string('failure', 32);
    table.text('reason');
    table.text('checks').notNullable();
    table.text('policy');
    table.string('context_key', 64).notNullable().comment('trust root + policy the verdict holds for');
    table.timestamp('verified_at', { useTz: true }).notNullable();
    table.timestamp('uploaded_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'bundle_digest', 'requested_artifact'], {
      indexName: 'security_attestations_bundle_idx',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_attestations');
};
