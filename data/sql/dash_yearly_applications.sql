-- dash_yearly_applications: table 三's 总计 column summed by year and row
-- over the compared reports of a province, a prefecture or one
-- jurisdiction ('' = any), for the charts. Unverified cells are left out
-- unless $include_unverified; blank cells are never summed.
SELECT f.year, v.row_key, sum(v.value)
FROM compared_values v
JOIN facts f ON f.report_id = v.report_id
WHERE v."table" = 'applications' AND v.value IS NOT NULL
  AND (len(v.why) = 0 OR $include_unverified)
  AND ($province = '' OR f.province_code = $province)
  AND ($parent = '' OR f.parent_code = $parent)
  AND ($division = '' OR f.division_code = $division)
  AND f.scope = $scope
GROUP BY ALL
ORDER BY ALL
