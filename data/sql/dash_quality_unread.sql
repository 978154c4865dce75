-- dash_quality_unread: reports not read (skipped, failed) with their
-- reasons, in a province and year ('' and 0 = any), at most $limit rows.
SELECT r.report_id, coalesce(r.division_code, ''), coalesce(j.name, ''), r.year, coalesce(r.agency, ''), r.status,
       coalesce(r.reason, ''), coalesce(r.source_url, ''), coalesce(r.title, ''), coalesce(r.detail, '')
FROM reports r
LEFT JOIN jurisdictions j ON j.code = r.division_code
WHERE r.status NOT IN ('ok', 'partial')
  AND ($province = '' OR r.province_code = $province) AND ($year = 0 OR r.year = $year)
ORDER BY r.status, r.reason, r.division_code, r.year, r.report_id
LIMIT $limit
