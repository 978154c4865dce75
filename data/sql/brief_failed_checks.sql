-- brief_failed_checks: the read reports of a province or prefecture in a
-- year (current versions, every scope) whose hard checks failed, with
-- what failed: check id, expected and actual, and the detail.
SELECT r.report_id, coalesce(r.division_code, ''), coalesce(j.name, ''), coalesce(r.agency, ''), coalesce(r.scope, ''),
       r.checks_failed,
       (SELECT string_agg(c.check_id || coalesce('：' || c.detail, ''), '；' ORDER BY c.check_id)
        FROM checks c WHERE c.report_id = r.report_id AND NOT c.ok AND c.severity = 'hard') AS failed
FROM reports r
LEFT JOIN jurisdictions j ON j.code = r.division_code
WHERE r.is_current AND r.status IN ('ok', 'partial') AND r.checks_failed > 0
  AND r.province_code = $province AND ($parent = '' OR j.parent_code = $parent OR r.division_code = $parent)
  AND r.year = $year
ORDER BY r.checks_failed DESC, r.division_code, r.agency, r.report_id
