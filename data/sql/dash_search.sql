-- dash_search: jurisdictions whose code or name matches what a user
-- typed: the exact code, the exact name, then names that start with it,
-- then names that contain it; each with its parent's and province's
-- names and whether the dataset has reports of it. At most 50.
SELECT j.code, j.name, coalesce(j.level, ''), coalesce(j.parent_code, ''), coalesce(pj.name, ''), coalesce(pv.name, ''),
       EXISTS (SELECT 1 FROM reports r WHERE r.division_code = j.code) AS has_reports,
       CASE WHEN j.code = $q OR j.name = $q THEN 0 WHEN starts_with(j.name, $q) THEN 1 ELSE 2 END AS match
FROM jurisdictions j
LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
LEFT JOIN jurisdictions pv ON pv.code = j.province_code AND j.level <> 'province'
WHERE j.code = $q OR contains(j.name, $q)
ORDER BY match, has_reports DESC, j.code
LIMIT 50
