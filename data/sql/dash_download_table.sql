-- dash_download_table: one report table (its name and sort order from the
-- dashboard's fixed list go in the placeholders) for the reports of a
-- province, prefecture, division and year ('' and 0 = any).
SELECT * FROM {{table}}
WHERE report_id IN (
    SELECT r.report_id FROM reports r
    WHERE ($province = '' OR r.province_code = $province)
      AND ($code = '' OR r.division_code = $code)
      AND ($year = 0 OR r.year = $year)
      AND ($parent = '' OR r.division_code IN (SELECT code FROM jurisdictions WHERE parent_code = $parent)))
ORDER BY {{order}}
