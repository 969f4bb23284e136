// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('security_reports', table => {
    table.comment('Every accepted report upload');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('source_label', 200).notNullable().defaultTo('');
    table.string('format', 64).notNullable();
    table.string('digest', 64).notNullable().comment('sha256 of the decoded body');
    table.bigInteger('size_bytes').notNullable();
    table.string('uploaded_by', 255);
    table.integer('finding_count').notNullable().defaultTo(0);
    table.integer('component_count').notNullable().defaultTo(0);
    table.integer('attestation_count').notNullable().defaultTo(0);
    table.integer('control_count').notNullable().defaultTo(0);
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'source_label', 'digest'], {
      indexName: 'security_reports_idempotency_idx',
    });
  });

  await knex.schema.createTable('security_scans', table => {
    table.comment('One tool run inside a report; the unit of the finding lifecycle');
    table.bigIncrements('id');
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('security_reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('scope', 300).notNullable().comment('tool + source label');
    table.string('tool', 100).notNullable();
    table.string('tool_version', 100);
    table.string('source_label', 200).notNullable().defaultTo('');
    table.integer('finding_count').notNullable().defaultTo(0);
    table.timestamp('scanned_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'scope', 'id'], 'security_scans_entity_scope_idx');
  });

  await knex.schema.createTable('security_findings', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('scope', 300).notNullable();
    table.string('fingerprint', 64).notNullable();
    table.string('type', 32).notNullable();
    table.string('tool', 100).notNullable();
    table.string('source_label', 200).notNullable().defaultTo('');
    table.string('rule_id', 255);
    table.string('vulnerability_id', 100);
    table.string('cwe', 255);
    table.string('severity', 16).notNullable();
    table.smallint('severity_rank').notNullable();
    table.text('title').notNullable();
    table.text('message');
    table.text('help_uri');
    table.text('package_purl');
    table.string('package_name', 255);
    table.string('installed_version', 255);
    table.string('fixed_version', 255);
    table.text('location_path');
    table.integer('location_start_line');
    table.integer('location_end_line');
    table.string('status', 16).notNullable();
    table.string('reported_status', 16).notNullable().comment('status as the tool reported it');
    table.string('suppression_kind', 64);
    table.text('suppression_justification');
    table.timestamp('first_seen', { useTz: true }).notNullable();
    table.timestamp('last_seen', { useTz: true }).notNullable();
    table.timestamp('fixed_at', { useTz: true });
    table.string('first_report_id', 36).notNullable();
    table.string('last_report_id', 36).notNullable();
    table.unique(['entity_ref', 'scope', 'fingerprint'], {
      indexName: 'security_findings_identity_idx',
    });
    table.index(['entity_ref', 'severity_rank', 'id'], 'security_findings_entity_severity_idx');
    table.index(['entity_ref', 'last_seen', 'id'], 'security_findings_entity_last_seen_idx');
    table.index(['last_report_id'], 'security_findings_last_report_idx');
    table.index(['entity_ref', 'vulnerability_id'], 'security_findings_entity_vuln_idx');
  });

  await knex.schema.createTable('security_components', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('source_label', 200).notNullable().defaultTo('');
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('security_reports')
      .onDelete('CASCADE');
    table.string('ref', 512);
    table.string('name', 512).notNullable();
    table.string('version', 255);
    table.text('purl');
    table.string('type', 64);
    table.text('licenses').notNullable().comment('JSON array of SPDX ids or names');
    table.text('hashes').comment('JSON object alg -> digest');
    table.boolean('direct').comment('null when the SBOM has no dependency graph');
    table.index(['entity_ref', 'name', 'id'], 'security_components_entity_name_idx');
    table.index(['report_id', 'ref'], 'security_components_report_ref_idx');
  });

  await knex.schema.createTable('security_component_edges', table => {
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('security_reports')
      .onDelete('CASCADE');
    table.string('from_ref', 512).notNullable();
    table.string('to_ref', 512).notNullable();
    table.index(['report_id', 'from_ref'], 'security_component_edges_from_idx');
  });

  await knex.schema.createTable('security_vex_statements', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('security_reports')
      .onDelete('CASCADE');
    table.string('vulnerability_id', 100).notNullable();
    table.text('products').notNullable().comment('JSON array of purls; empty = whole entity');
    table.string('status', 32).notNullable();
    table.text('justification');
    table.timestamp('issued_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'vulnerability_id'], 'security_vex_entity_vuln_idx');
  });

  await knex.schema.createTable('security_entity_summaries', table => {
    table.comment('Per-entity counts, rewritten on every ingest so reads never scan findings');
    table.string('entity_ref', 255).primary();
    table.text('summary').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_entity_summaries');
  await knex.schema.dropTable('security_vex_statements');
  await knex.schema.dropTable('security_component_edges');
  await knex.schema.dropTable('security_components');
  await knex.schema.dropTable('security_findings');
  await knex.schema.dropTable('security_scans');
  await knex.schema.dropTable('security_reports');
};
