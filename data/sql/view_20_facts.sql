-- facts: one row per compared report (the primary report of each
-- division, scope and year: current, status ok or partial) with the
-- table 三 总计 column and the table 四 cells as columns, and beside each
-- value X the list X_why of why it is unverified: the failed identities
-- the cell takes part in (failed_cells), blank(X) when it was printed
-- blank (or not as a whole number), not_read(X) when the report's tables
-- did not have it. An empty list means verified; compared_values has the
-- same for every cell. A blank printed cell stays NULL.
CREATE OR REPLACE VIEW facts AS
WITH app AS (
    SELECT
        report_id,
        max(total) FILTER (WHERE row_key = 'new_received') AS new_received,
        max(total) FILTER (WHERE row_key = 'carried_in') AS carried_in,
        max(total) FILTER (WHERE row_key = 'granted') AS granted,
        max(total) FILTER (WHERE row_key = 'partially_granted') AS partially_granted,
        max(total) FILTER (WHERE row_key = 'unable_not_held') AS unable_not_held,
        max(total) FILTER (WHERE row_key = 'unable_needs_creation') AS unable_needs_creation,
        max(total) FILTER (WHERE row_key = 'unable_unclear') AS unable_unclear,
        max(total) FILTER (WHERE row_key = 'total_processed') AS total_processed,
        max(total) FILTER (WHERE row_key = 'carried_out') AS carried_out,
        bool_or(row_key = 'new_received') AS new_received_read,
        bool_or(row_key = 'carried_in') AS carried_in_read,
        bool_or(row_key = 'granted') AS granted_read,
        bool_or(row_key = 'partially_granted') AS partially_granted_read,
        bool_or(row_key = 'unable_not_held') AS unable_not_held_read,
        bool_or(row_key = 'unable_needs_creation') AS unable_needs_creation_read,
        bool_or(row_key = 'unable_unclear') AS unable_unclear_read,
        bool_or(row_key = 'total_processed') AS total_processed_read,
        bool_or(row_key = 'carried_out') AS carried_out_read
    FROM applications
    GROUP BY report_id
), rev AS (
    SELECT
        report_id,
        max(corrected) FILTER (WHERE grp = 'review') AS review_corrected,
        max(pending) FILTER (WHERE grp = 'review') AS review_pending,
        max(total) FILTER (WHERE grp = 'review') AS review_total,
        max(corrected) FILTER (WHERE grp = 'lit_direct') AS lit_direct_corrected,
        max(pending) FILTER (WHERE grp = 'lit_direct') AS lit_direct_pending,
        max(total) FILTER (WHERE grp = 'lit_direct') AS lit_direct_total,
        max(corrected) FILTER (WHERE grp = 'lit_after_review') AS lit_after_review_corrected,
        max(pending) FILTER (WHERE grp = 'lit_after_review') AS lit_after_review_pending,
        max(total) FILTER (WHERE grp = 'lit_after_review') AS lit_after_review_total,
        bool_or(grp = 'review') AS review_read,
        bool_or(grp = 'lit_direct') AS lit_direct_read,
        bool_or(grp = 'lit_after_review') AS lit_after_review_read
    FROM review_litigation
    GROUP BY report_id
), failed AS (
    SELECT
        report_id,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'new_received' AND col_key = 'total')) AS new_received,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'carried_in' AND col_key = 'total')) AS carried_in,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'granted' AND col_key = 'total')) AS granted,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'partially_granted' AND col_key = 'total')) AS partially_granted,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'unable_not_held' AND col_key = 'total')) AS unable_not_held,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'unable_needs_creation' AND col_key = 'total')) AS unable_needs_creation,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'unable_unclear' AND col_key = 'total')) AS unable_unclear,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'total_processed' AND col_key = 'total')) AS total_processed,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'applications' AND row_key = 'carried_out' AND col_key = 'total')) AS carried_out,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'review_corrected')) AS review_corrected,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'review_pending')) AS review_pending,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'review_total')) AS review_total,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'lit_direct_corrected')) AS lit_direct_corrected,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'lit_direct_pending')) AS lit_direct_pending,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'lit_direct_total')) AS lit_direct_total,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'lit_after_review_corrected')) AS lit_after_review_corrected,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'lit_after_review_pending')) AS lit_after_review_pending,
        flatten(list(failed_checks) FILTER (WHERE "table" = 'review_litigation' AND row_key = 'lit_after_review_total')) AS lit_after_review_total
    FROM failed_cells
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
    r.status,
    app.new_received,
    app.carried_in,
    app.granted,
    app.partially_granted,
    app.unable_not_held,
    app.unable_needs_creation,
    app.unable_unclear,
    app.total_processed,
    app.carried_out,
    rev.review_corrected,
    rev.review_pending,
    rev.review_total,
    rev.lit_direct_corrected,
    rev.lit_direct_pending,
    rev.lit_direct_total,
    rev.lit_after_review_corrected,
    rev.lit_after_review_pending,
    rev.lit_after_review_total,
    cell_why(failed.new_received, app.new_received_read, app.new_received, 'new_received') AS new_received_why,
    cell_why(failed.carried_in, app.carried_in_read, app.carried_in, 'carried_in') AS carried_in_why,
    cell_why(failed.granted, app.granted_read, app.granted, 'granted') AS granted_why,
    cell_why(failed.partially_granted, app.partially_granted_read, app.partially_granted, 'partially_granted') AS partially_granted_why,
    cell_why(failed.unable_not_held, app.unable_not_held_read, app.unable_not_held, 'unable_not_held') AS unable_not_held_why,
    cell_why(failed.unable_needs_creation, app.unable_needs_creation_read, app.unable_needs_creation, 'unable_needs_creation') AS unable_needs_creation_why,
    cell_why(failed.unable_unclear, app.unable_unclear_read, app.unable_unclear, 'unable_unclear') AS unable_unclear_why,
    cell_why(failed.total_processed, app.total_processed_read, app.total_processed, 'total_processed') AS total_processed_why,
    cell_why(failed.carried_out, app.carried_out_read, app.carried_out, 'carried_out') AS carried_out_why,
    cell_why(failed.review_corrected, rev.review_read, rev.review_corrected, 'review_corrected') AS review_corrected_why,
    cell_why(failed.review_pending, rev.review_read, rev.review_pending, 'review_pending') AS review_pending_why,
    cell_why(failed.review_total, rev.review_read, rev.review_total, 'review_total') AS review_total_why,
    cell_why(failed.lit_direct_corrected, rev.lit_direct_read, rev.lit_direct_corrected, 'lit_direct_corrected') AS lit_direct_corrected_why,
    cell_why(failed.lit_direct_pending, rev.lit_direct_read, rev.lit_direct_pending, 'lit_direct_pending') AS lit_direct_pending_why,
    cell_why(failed.lit_direct_total, rev.lit_direct_read, rev.lit_direct_total, 'lit_direct_total') AS lit_direct_total_why,
    cell_why(failed.lit_after_review_corrected, rev.lit_after_review_read, rev.lit_after_review_corrected, 'lit_after_review_corrected') AS lit_after_review_corrected_why,
    cell_why(failed.lit_after_review_pending, rev.lit_after_review_read, rev.lit_after_review_pending, 'lit_after_review_pending') AS lit_after_review_pending_why,
    cell_why(failed.lit_after_review_total, rev.lit_after_review_read, rev.lit_after_review_total, 'lit_after_review_total') AS lit_after_review_total_why
FROM reports r
LEFT JOIN app USING (report_id)
LEFT JOIN rev USING (report_id)
LEFT JOIN failed USING (report_id)
LEFT JOIN jurisdictions j ON j.code = r.division_code
WHERE r.is_primary;
