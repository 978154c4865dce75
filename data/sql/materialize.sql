-- materialize: for a long-running reader of one build (the dashboard),
-- computes the views every comparison reads once, as tables of the
-- in-memory database, and points the views at them. The metric views and
-- macros read facts and timeliness by name, so they read the tables.
CREATE OR REPLACE TABLE facts_materialized AS SELECT * FROM facts;
CREATE OR REPLACE VIEW facts AS SELECT * FROM facts_materialized;
CREATE OR REPLACE TABLE timeliness_materialized AS SELECT * FROM timeliness;
CREATE OR REPLACE VIEW timeliness AS SELECT * FROM timeliness_materialized;
