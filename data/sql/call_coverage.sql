-- call_coverage: the coverage macro of views.sql with bound parameters
-- (ogi compare coverage, ogi brief and the dashboard run this).
SELECT * FROM coverage(province := $province, parent := $parent, report_year := $year, report_scope := $scope)
