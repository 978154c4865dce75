-- dash_report_cells: every printed cell of one report.
SELECT "table", row_key, coalesce(col_key, ''), value, coalesce(raw_text, ''), "blank", "positional", coalesce(locator, '')
FROM cells
WHERE report_id = $report
