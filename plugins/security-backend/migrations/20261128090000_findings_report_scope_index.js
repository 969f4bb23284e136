// @ts-check

/**
 * Counting a report's findings per scope reads the index alone once it holds the scope.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('security_findings', table => {
    table.index(['last_report_id', 'scope'], 'security_findings_last_report_scope_idx');
  });
  await knex.schema.alterTable('security_findings', table => {
    table.dropIndex([], 'security_findings_last_report_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('security_findings', table => {
    table.index(['last_report_id'], 'security_findings_last_report_idx');
  });
  await knex.schema.alterTable('security_findings', table => {
    table.dropIndex([], 'security_findings_last_report_scope_idx');
  });
};
