// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('security_control_results', table => {
    table.comment('Compliance control checks; a newer report of a tool replaces its earlier results');
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('report_id', 36).notNullable();
    table.string('scope', 300).notNullable().comment('tool + source label');
    table.string('tool', 100).notNullable();
    table.string('source_label', 200).notNullable().defaultTo('');
    table.string('control_id', 255).notNullable();
    table.string('benchmark', 128);
    table.text('title').notNullable();
    table.string('status', 8).notNullable();
    table.smallint('status_rank').notNullable().comment('fail first, for the default order');
    table.string('severity', 16);
    table.text('evidence').notNullable();
    table.text('remediation');
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'status_rank', 'id'], 'security_control_results_entity_idx');
    table.index(['entity_ref', 'scope'], 'security_control_results_scope_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_control_results');
};
