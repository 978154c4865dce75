-- failed_cells: the cells of every hard identity that failed in a report
-- (ok = false, "not checkable" included), with the identities that
-- failed. identity_cells, written by ogi build from the template
-- declarations, says which cells each identity involves.
CREATE OR REPLACE VIEW failed_cells AS
SELECT c.report_id, i."table", i.row_key, i.col_key,
       list_sort(list_distinct(list(c.check_id))) AS failed_checks
FROM checks c
JOIN (SELECT DISTINCT check_id, "table", row_key, coalesce(col_key, '') AS col_key
      FROM identity_cells) i ON i.check_id = c.check_id
WHERE NOT c.ok AND c.severity = 'hard'
GROUP BY ALL;

-- compared_values: for every compared report (reports.is_primary: the
-- current ok or partial report of its division, scope and year), every
-- cell of the table 三 总计 column and of table 四, with why it is
-- unverified: the failed identities it takes part in, blank(key) when it
-- was printed blank (or was not a whole number), not_read(key) when the
-- report's tables did not have it. An empty why means verified.
CREATE OR REPLACE VIEW compared_values AS
WITH compared AS (
    SELECT report_id, template FROM reports WHERE is_primary
), expected AS (
    SELECT DISTINCT template, "table", row_key, coalesce(col_key, '') AS col_key
    FROM identity_cells
    WHERE "table" = 'review_litigation' OR col_key = 'total'
), printed AS (
    SELECT report_id, 'applications' AS "table", row_key, 'total' AS col_key, total AS value FROM applications
    UNION ALL SELECT report_id, 'review_litigation', grp || '_upheld', '', upheld FROM review_litigation
    UNION ALL SELECT report_id, 'review_litigation', grp || '_corrected', '', corrected FROM review_litigation
    UNION ALL SELECT report_id, 'review_litigation', grp || '_other', '', other FROM review_litigation
    UNION ALL SELECT report_id, 'review_litigation', grp || '_pending', '', pending FROM review_litigation
    UNION ALL SELECT report_id, 'review_litigation', grp || '_total', '', total FROM review_litigation
), cells_of AS (
    -- the template's cells, and any other row the report printed (a 2021
    -- report printing （六） as one row, say)
    SELECT c.report_id, e."table", e.row_key, e.col_key
    FROM compared c JOIN expected e ON e.template = c.template
    UNION
    SELECT p.report_id, p."table", p.row_key, p.col_key
    FROM printed p SEMI JOIN compared c ON c.report_id = p.report_id
)
SELECT k.report_id, k."table", k.row_key, k.col_key, p.value,
       CASE WHEN p.report_id IS NULL THEN ['not_read(' || k.row_key || ')']
            ELSE coalesce(f.failed_checks, [])
                 || CASE WHEN p.value IS NULL THEN ['blank(' || k.row_key || ')'] ELSE [] END
       END AS why
FROM cells_of k
LEFT JOIN printed p
       ON p.report_id = k.report_id AND p."table" = k."table" AND p.row_key = k.row_key AND p.col_key = k.col_key
LEFT JOIN failed_cells f
       ON f.report_id = k.report_id AND f."table" = k."table" AND f.row_key = k.row_key AND f.col_key = k.col_key;
