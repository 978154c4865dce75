-- call_compare_all: runs compare_all of views.sql (every metric at once)
-- with bound parameters; the dashboard runs this.
SELECT * FROM compare_all(province := $province, parent := $parent, jurisdiction := $jurisdiction,
    report_scope := $scope, report_year := $year, group_by := $group_by,
    include_unverified := $include_unverified, min_denominator := $min_denominator)
