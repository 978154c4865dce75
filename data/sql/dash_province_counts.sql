-- dash_province_counts: new and processed applications (总计 column) of
-- the compared reports of a province (or one prefecture) in a year, with
-- why each count is unverified (NULL when verified).
SELECT f.division_code, coalesce(j.name, ''), f.new_received, f.total_processed,
       coalesce(f.parent_code, ''), coalesce(pj.name, ''),
       unverified([f.new_received_why]), unverified([f.total_processed_why])
FROM facts f
LEFT JOIN jurisdictions j ON j.code = f.division_code
LEFT JOIN jurisdictions pj ON pj.code = f.parent_code
WHERE f.province_code = $province AND ($parent = '' OR f.parent_code = $parent)
  AND f.scope = $scope AND f.year = $year
ORDER BY 1
