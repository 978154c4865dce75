-- dash_jurisdiction_reports: every report version of one division.
SELECT report_id, year, coalesce(scope, ''), coalesce(agency, ''), coalesce(title, ''), status, coalesce(reason, ''),
       coalesce(checks_failed, 0), coalesce(source_url, ''), coalesce(final_url, ''), fetched_at, coalesce(sha256, ''),
       coalesce(content_type, ''), coalesce(template, ''), coalesce(extractor_version, ''),
       published, coalesce(published_source, '')
FROM reports
WHERE division_code = $code
ORDER BY year DESC NULLS LAST, scope, fetched_at DESC, report_id
