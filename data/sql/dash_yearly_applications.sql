-- dash_yearly_applications: table 三's 总计 column summed by year and row
-- over the compared reports (reports.is_primary) of a province, a
-- prefecture or one jurisdiction ('' = any), for the charts. A cell of a
-- failed identity (failed_cells) is left out unless $include_unverified;
-- blank cells are never summed. (compared_values says the same per cell;
-- this reads the tables directly, which is faster for one province.)
SELECT r.year, a.row_key, sum(a.total)
FROM applications a
JOIN reports r ON r.report_id = a.report_id
LEFT JOIN jurisdictions j ON j.code = r.division_code
LEFT JOIN failed_cells fc
       ON fc.report_id = a.report_id AND fc."table" = 'applications' AND fc.row_key = a.row_key AND fc.col_key = 'total'
WHERE r.is_primary AND coalesce(r.scope, '') = $scope AND a.total IS NOT NULL
  AND (fc.report_id IS NULL OR $include_unverified)
  AND ($province = '' OR r.province_code = $province)
  AND ($parent = '' OR j.parent_code = $parent)
  AND ($division = '' OR r.division_code = $division)
GROUP BY ALL
ORDER BY ALL
