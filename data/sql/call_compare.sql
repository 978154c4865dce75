-- call_compare: runs a metric's compare macro of views.sql with bound
-- parameters ({{macro}} is compare_<metric>, from the embedded metric
-- files). ogi compare and the dashboard run this.
SELECT * FROM {{macro}}(province := $province, parent := $parent, jurisdiction := $jurisdiction,
    report_scope := $scope, report_year := $year, group_by := $group_by,
    include_unverified := $include_unverified, min_denominator := $min_denominator)
