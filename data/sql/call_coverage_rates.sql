-- call_coverage_rates: the coverage_rates macro of views.sql with bound
-- parameters; $group_by is 'parent', 'province' or 'all'.
SELECT * FROM coverage_rates(province := $province, parent := $parent, report_year := $year, report_scope := $scope,
    group_by := $group_by)
