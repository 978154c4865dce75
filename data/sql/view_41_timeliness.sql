-- timeliness: when each report was published, by which deadline, and
-- whether it was on time. One row per jurisdiction, scope and year (and,
-- for departments and townships, per agency: several publish under one
-- county code), from the current reports that are reports (not
-- NOT_A_REPORT) whatever their status: a report that could not be read
-- was still published.
--
-- published is the earliest date that is evidence (reports.published_source
-- page, url, list or url_month); without any, the first fetch (archive),
-- and then on_time and days_late are NULL: the date is unknown, never on
-- time. A url_month date (a month only) is on time when the whole month
-- is before the deadline, late when it starts after it, unknown
-- otherwise; its days_late counts from the first of the month (a lower
-- bound). days_late is 0 for a report on time.
CREATE OR REPLACE VIEW timeliness AS
WITH candidates AS (
    SELECT r.report_id, r.division_code, r.province_code, r.level,
           coalesce(r.scope, '') AS scope,
           CASE WHEN r.scope IN ('department', 'township') THEN coalesce(r.agency, '') ELSE '' END AS agency,
           r.year, r.status, r.source_url, r.published, r.published_source,
           coalesce(r.published_source IN ('page', 'url', 'list', 'url_month'), false) AS evidence
    FROM reports r
    WHERE r.is_current AND r.division_code IS NOT NULL AND r.year IS NOT NULL
      AND coalesce(r.reason, '') <> 'NOT_A_REPORT'
), chosen AS (
    SELECT c.*, count(*) OVER w AS reports,
           row_number() OVER (w ORDER BY NOT c.evidence, c.published NULLS LAST, c.published_source = 'url_month',
                                        c.status NOT IN ('ok', 'partial'), c.report_id) AS pick
    FROM candidates c
    WINDOW w AS (PARTITION BY c.division_code, c.scope, c.agency, c.year)
), ruled AS (
    SELECT c.*, deadline_day(c.year + 1, d.month, d.day) AS deadline,
           row_number() OVER (PARTITION BY c.report_id
                              ORDER BY length(d.code_prefix) DESC, d.scope = '', d.month, d.day) AS rule
    FROM chosen c
    JOIN deadline_rules d ON (d.scope = '' OR d.scope = c.scope) AND starts_with(c.division_code, d.code_prefix)
    WHERE c.pick = 1
), judged AS (
    SELECT r.*,
           CASE WHEN NOT r.evidence THEN NULL
                WHEN r.published_source = 'url_month' THEN
                     CASE WHEN last_day(r.published) <= r.deadline THEN true
                          WHEN r.published > r.deadline THEN false END
                ELSE r.published <= r.deadline END AS on_time
    FROM ruled r
    WHERE r.rule = 1
)
SELECT j.division_code, j.province_code,
       coalesce(jd.parent_code,
                CASE WHEN j.level = 'county' THEN substr(j.division_code, 1, 4) || '00'
                     WHEN j.level = 'prefecture' THEN j.province_code END) AS parent_code,
       j.level, j.scope, j.agency, j.year, j.report_id, j.status, j.source_url,
       j.published, j.published_source, j.evidence, j.deadline, j.on_time,
       CASE WHEN j.on_time THEN 0
            WHEN NOT j.on_time THEN date_diff('day', j.deadline, j.published) END AS days_late,
       j.reports
FROM judged j
LEFT JOIN jurisdictions jd ON jd.code = j.division_code;
