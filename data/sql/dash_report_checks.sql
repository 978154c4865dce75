-- dash_report_checks: every check of one report.
SELECT check_id, coalesce(severity, ''), ok, expected, actual, coalesce(detail, '')
FROM checks
WHERE report_id = $report
ORDER BY check_id
