-- dash_quality_failed: read reports with failed checks, most failures
-- first, in a province and year ('' and 0 = any), at most $limit rows.
SELECT r.report_id, coalesce(r.division_code, ''), coalesce(j.name, ''), r.year, coalesce(r.agency, ''), r.checks_failed,
       coalesce(r.source_url, ''),
       (SELECT string_agg(c.check_id || CASE WHEN c.severity = 'soft' THEN ' (soft)' ELSE '' END, ' · ' ORDER BY c.check_id)
        FROM checks c WHERE c.report_id = r.report_id AND NOT c.ok)
FROM reports r
LEFT JOIN jurisdictions j ON j.code = r.division_code
WHERE r.status IN ('ok', 'partial') AND r.checks_failed > 0
  AND ($province = '' OR r.province_code = $province) AND ($year = 0 OR r.year = $year)
ORDER BY r.checks_failed DESC, r.division_code, r.year, r.report_id
LIMIT $limit
