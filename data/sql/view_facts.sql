-- facts: one row per compared report — the primary (current, status ok)
-- report of each division, scope and year — with the table 三 总计 column
-- and the table 四 cells as columns. A blank printed cell stays NULL.
CREATE OR REPLACE VIEW facts AS
WITH app AS (
    SELECT
        report_id,
        max(total) FILTER (WHERE row_key = 'new_received')          AS new_received,
        max(total) FILTER (WHERE row_key = 'carried_in')            AS carried_in,
        max(total) FILTER (WHERE row_key = 'granted')               AS granted,
        max(total) FILTER (WHERE row_key = 'partially_granted')     AS partially_granted,
        max(total) FILTER (WHERE row_key = 'unable_not_held')       AS unable_not_held,
        max(total) FILTER (WHERE row_key = 'unable_needs_creation') AS unable_needs_creation,
        max(total) FILTER (WHERE row_key = 'unable_unclear')        AS unable_unclear,
        max(total) FILTER (WHERE row_key = 'total_processed')       AS total_processed,
        max(total) FILTER (WHERE row_key = 'carried_out')           AS carried_out
    FROM applications
    GROUP BY report_id
), rev AS (
    SELECT
        report_id,
        max(corrected) FILTER (WHERE grp = 'review')           AS review_corrected,
        max(pending)   FILTER (WHERE grp = 'review')           AS review_pending,
        max(total)     FILTER (WHERE grp = 'review')           AS review_total,
        max(corrected) FILTER (WHERE grp = 'lit_direct')       AS lit_direct_corrected,
        max(pending)   FILTER (WHERE grp = 'lit_direct')       AS lit_direct_pending,
        max(total)     FILTER (WHERE grp = 'lit_direct')       AS lit_direct_total,
        max(corrected) FILTER (WHERE grp = 'lit_after_review') AS lit_after_review_corrected,
        max(pending)   FILTER (WHERE grp = 'lit_after_review') AS lit_after_review_pending,
        max(total)     FILTER (WHERE grp = 'lit_after_review') AS lit_after_review_total
    FROM review_litigation
    GROUP BY report_id
)
SELECT
    r.report_id,
    r.division_code,
    r.province_code,
    coalesce(j.parent_code,
             CASE WHEN r.level = 'county' THEN substr(r.division_code, 1, 4) || '00'
                  WHEN r.level = 'prefecture' THEN r.province_code END) AS parent_code,
    r.level,
    coalesce(r.scope, '') AS scope,
    r.year,
    r.template,
    app.* EXCLUDE (report_id),
    rev.* EXCLUDE (report_id)
FROM reports r
LEFT JOIN app USING (report_id)
LEFT JOIN rev USING (report_id)
LEFT JOIN jurisdictions j ON j.code = r.division_code
WHERE r.is_primary;
