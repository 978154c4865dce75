-- brief_reports: the compared report (reports.is_primary) of every
-- jurisdiction of a province or prefecture in a year and the year before,
-- scope $scope: the report each figure of a briefing comes from.
SELECT f.division_code, f.year, f.report_id
FROM facts f
WHERE f.province_code = $province AND ($parent = '' OR f.parent_code = $parent)
  AND f.scope = $scope AND f.year IN ($year, $year - 1)
ORDER BY 1, 2
