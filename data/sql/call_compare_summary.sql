-- call_compare_summary: runs a metric's compare_summary macro of views.sql
-- with bound parameters ({{macro}} is compare_summary_<metric>).
SELECT * FROM {{macro}}(province := $province, parent := $parent, jurisdiction := $jurisdiction,
    report_scope := $scope, report_year := $year, include_unverified := $include_unverified)
