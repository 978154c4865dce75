-- materialize_metrics: for the dashboard (Materialize with AllMetrics),
-- computes every metric's rows once per build (metric_all), and points
-- metric_all at them: compare_all, which every page runs, then reads a
-- table instead of computing eleven metrics from facts each time.
CREATE OR REPLACE TABLE metric_all_materialized AS SELECT * FROM metric_all;
CREATE OR REPLACE VIEW metric_all AS SELECT * FROM metric_all_materialized;
