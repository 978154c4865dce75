-- dash_quality_reasons: report versions by status and reason.
SELECT r.status, coalesce(r.reason, ''), count(*)
FROM reports r
WHERE ($province = '' OR r.province_code = $province) AND ($year = 0 OR r.year = $year)
GROUP BY ALL
ORDER BY ALL
