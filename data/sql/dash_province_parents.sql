-- dash_province_parents: the prefectures of a province with compared
-- reports of the scope, for the filter.
SELECT DISTINCT f.parent_code, coalesce(j.name, '')
FROM facts f
LEFT JOIN jurisdictions j ON j.code = f.parent_code
WHERE f.province_code = $province AND f.scope = $scope AND coalesce(f.parent_code, '') NOT IN ('', $province)
ORDER BY 1
