-- materialize: for a long-running reader of one build (the dashboard),
-- computes the views every comparison reads once, as tables of the
-- in-memory database, and points the views at them: the small tables
-- every page joins (jurisdictions, reports, fetches; the report tables
-- stay on disk) and the derived views (failed_cells, facts, timeliness).
-- The metric views and macros read them by name, so they read the
-- tables.
CREATE OR REPLACE TABLE jurisdictions_materialized AS SELECT * FROM jurisdictions;
CREATE OR REPLACE VIEW jurisdictions AS SELECT * FROM jurisdictions_materialized;
CREATE OR REPLACE TABLE reports_materialized AS SELECT * FROM reports;
CREATE OR REPLACE VIEW reports AS SELECT * FROM reports_materialized;
CREATE OR REPLACE TABLE fetches_materialized AS SELECT * FROM fetches;
CREATE OR REPLACE VIEW fetches AS SELECT * FROM fetches_materialized;
CREATE OR REPLACE TABLE failed_cells_materialized AS SELECT * FROM failed_cells;
CREATE OR REPLACE VIEW failed_cells AS SELECT * FROM failed_cells_materialized;
CREATE OR REPLACE TABLE facts_materialized AS SELECT * FROM facts;
CREATE OR REPLACE VIEW facts AS SELECT * FROM facts_materialized;
CREATE OR REPLACE TABLE timeliness_materialized AS SELECT * FROM timeliness;
CREATE OR REPLACE VIEW timeliness AS SELECT * FROM timeliness_materialized;
