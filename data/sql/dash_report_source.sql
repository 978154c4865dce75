-- dash_report_source: where one report version was read, to find its
-- archived copy.
SELECT source_url, sha256 FROM reports WHERE report_id = $report
