-- dash_index: one row per province with reports: its name, jurisdictions,
-- report versions by status and the years covered.
SELECT r.province_code, coalesce(any_value(j.name), ''), count(DISTINCT r.division_code),
       count(*), count(*) FILTER (WHERE r.status = 'ok'), count(*) FILTER (WHERE r.status = 'failed'),
       count(*) FILTER (WHERE r.status = 'skipped'), min(r.year), max(r.year)
FROM reports r
LEFT JOIN jurisdictions j ON j.code = r.province_code
WHERE coalesce(r.province_code, '') <> ''
GROUP BY r.province_code
ORDER BY r.province_code
