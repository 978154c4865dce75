-- coverage(province, parent, report_year, report_scope): every
-- jurisdiction that should have published a report of the scope for the
-- year, and what became of it. Who should publish:
--   gov_aggregate (and gov_office): every county and prefecture of the
--     jurisdictions table (GB/T 2260) within the filter. County-level
--     statistical units (codes xxxx7x: development zones, 管理区) are not
--     obliged: they are listed only when they published, with obliged
--     false, and rates leave them out.
--   department, township: the agencies (under their county's code) that
--     published a report of the scope for the year or the year before;
--     ogi knows no list of a county's departments and townships beyond
--     what the crawl found.
-- status:
--   published     a report was read (ok or partial)
--   failed        reports were found but none could be read (reasons in
--                 reports.reason)
--   not_due       no report, and the portal was last crawled on or before
--                 the report's deadline (deadline_rules for the scope and
--                 the jurisdiction's code, the most specific rule winning
--                 as in timeliness; the day of the last fetch in China
--                 Standard Time): the report may still come in time.
--                 Before missing and fetch_failed; failed stays failed
--   missing       no report, and the crawl read the jurisdiction's portal
--                 without a failure after the deadline
--   fetch_failed  no report, and some list or report page of the
--                 portal could not be fetched at its last try: the
--                 report may be there (see the fetches table)
--   not_crawled   no report, and the crawl did not visit the
--                 jurisdiction's portal (not in the registry, or a local
--                 build): nothing is known
-- with the timeliness of what was published (published, its source,
-- on_time, days_late), the deadline (of the report read, else the
-- jurisdiction's for the scope) and last_fetched, the day (China Standard
-- Time) the portal was last fetched. parent, province: codes ('' = any);
-- report_year is required.
CREATE OR REPLACE MACRO coverage(province := '', parent := '', report_year := 0, report_scope := 'gov_aggregate') AS TABLE
WITH crawled AS (
    -- each crawled portal and the day of its last fetch, UTC + 8 hours
    SELECT portal_code AS code,
           CAST(make_timestamp(epoch_us(max(fetched_at)) + 28800000000) AS DATE) AS last_fetched
    FROM fetches
    WHERE portal_code IS NOT NULL
    GROUP BY portal_code
), last_try AS (
    SELECT portal_code, url, arg_max(coalesce(error, ''), fetched_at) AS error,
           arg_max(coalesce(status, 0), fetched_at) AS status
    FROM fetches
    WHERE portal_code IS NOT NULL AND kind IN ('list', 'report', 'attachment')
    GROUP BY portal_code, url
), failing AS (
    SELECT portal_code AS code, count(*) AS urls, min(url) AS example
    FROM last_try
    WHERE error <> '' OR status >= 400
    GROUP BY portal_code
), in_filter AS (
    SELECT j.code, j.name, j.level, j.parent_code, j.province_code
    FROM jurisdictions j
    WHERE (province = '' OR j.province_code = province)
      AND (parent = '' OR j.parent_code = parent)
), expected AS (
    SELECT f.code, '' AS agency, f.name, f.level, f.parent_code, f.province_code,
           NOT (f.level = 'county' AND substr(f.code, 5, 1) = '7') AS obliged
    FROM in_filter f
    WHERE report_scope IN ('gov_aggregate', 'gov_office') AND f.level IN ('county', 'prefecture')
    UNION ALL
    SELECT DISTINCT t.division_code, t.agency, t.agency, f.level, f.parent_code, f.province_code, true
    FROM timeliness t
    JOIN in_filter f ON f.code = t.division_code
    WHERE report_scope IN ('department', 'township') AND t.scope = report_scope
      AND t.year IN (report_year, report_year - 1) AND t.agency <> ''
), read AS (
    SELECT division_code, agency, count(*) FILTER (WHERE status IN ('ok', 'partial')) AS read,
           count(*) AS found
    FROM (SELECT r.division_code, CASE WHEN r.scope IN ('department', 'township') THEN coalesce(r.agency, '') ELSE '' END AS agency,
                 r.status
          FROM reports r
          WHERE r.is_current AND r.year = report_year AND coalesce(r.reason, '') <> 'NOT_A_REPORT'
            AND (coalesce(r.scope, '') = report_scope OR r.scope IS NULL AND r.status NOT IN ('ok', 'partial')))
    GROUP BY ALL
), due AS (
    -- each expected jurisdiction's deadline for the scope: the rule with
    -- the longest prefix, then the one that names the scope (as timeliness)
    SELECT e.code, e.agency, deadline_day(report_year + 1, d.month, d.day) AS deadline,
           row_number() OVER (PARTITION BY e.code, e.agency
                              ORDER BY length(d.code_prefix) DESC, d.scope = '', d.month, d.day) AS rule
    FROM expected e
    JOIN deadline_rules d ON (d.scope = '' OR d.scope = report_scope) AND starts_with(e.code, d.code_prefix)
), dated AS (
    -- the timeliness of the year's report: of the scope, else (a report
    -- that could not be read names no scope) of an unknown scope
    SELECT t.*, row_number() OVER (PARTITION BY t.division_code, t.agency ORDER BY t.scope <> report_scope) AS pick
    FROM timeliness t
    WHERE t.year = report_year AND (t.scope = report_scope OR t.scope = '' AND t.status NOT IN ('ok', 'partial'))
)
SELECT e.code, e.agency, e.name, e.level, e.parent_code, coalesce(pj.name, '') AS parent_name, e.province_code,
       e.obliged,
       CASE WHEN coalesce(rd.read, 0) > 0 THEN 'published'
            WHEN coalesce(rd.found, 0) > 0 THEN 'failed'
            WHEN c.code IS NULL THEN 'not_crawled'
            WHEN c.last_fetched <= du.deadline THEN 'not_due'
            WHEN fl.code IS NOT NULL THEN 'fetch_failed'
            ELSE 'missing' END AS status,
       t.report_id, t.source_url, t.published, t.published_source,
       coalesce(t.deadline, du.deadline) AS deadline, t.on_time, t.days_late,
       c.code IS NOT NULL AS crawled, coalesce(fl.urls, 0) AS failed_urls, c.last_fetched
FROM expected e
LEFT JOIN read rd ON rd.division_code = e.code AND rd.agency = e.agency
LEFT JOIN dated t ON t.division_code = e.code AND t.agency = e.agency AND t.pick = 1
LEFT JOIN due du ON du.code = e.code AND du.agency = e.agency AND du.rule = 1
LEFT JOIN crawled c ON c.code = e.code
LEFT JOIN failing fl ON fl.code = e.code
LEFT JOIN jurisdictions pj ON pj.code = e.parent_code
WHERE e.obliged OR coalesce(rd.found, 0) > 0
ORDER BY e.parent_code, e.code, e.agency;

-- coverage_rates(province, parent, report_year, report_scope, group_by):
-- the coverage of each prefecture (group_by 'parent'), province
-- ('province') or of the whole filter ('all'): obliged jurisdictions by
-- status; coverage_rate = published / (obliged − not_crawled − not_due),
-- over the jurisdictions whose portals were crawled or that published,
-- leaving out those whose report was not yet due at the crawl; on_time_rate
-- = on time / (on time + late), over the reports whose date is known
-- (date_unknown counts the others).
CREATE OR REPLACE MACRO coverage_rates(province := '', parent := '', report_year := 0, report_scope := 'gov_aggregate',
        group_by := 'parent') AS TABLE
SELECT CASE group_by WHEN 'province' THEN c.province_code WHEN 'all' THEN '' ELSE c.parent_code END AS code,
       any_value(CASE group_by WHEN 'province' THEN pj.name WHEN 'all' THEN '' ELSE c.parent_name END) AS name,
       count(*) AS obliged,
       count(*) FILTER (WHERE c.status = 'published') AS published,
       count(*) FILTER (WHERE c.status = 'failed') AS failed,
       count(*) FILTER (WHERE c.status = 'missing') AS missing,
       count(*) FILTER (WHERE c.status = 'fetch_failed') AS fetch_failed,
       count(*) FILTER (WHERE c.status = 'not_crawled') AS not_crawled,
       count(*) FILTER (WHERE c.status = 'not_due') AS not_due,
       CAST(count(*) FILTER (WHERE c.status = 'published') AS DOUBLE)
           / nullif(count(*) FILTER (WHERE c.status NOT IN ('not_crawled', 'not_due')), 0) AS coverage_rate,
       count(*) FILTER (WHERE c.on_time) AS on_time,
       count(*) FILTER (WHERE NOT c.on_time) AS late,
       count(*) FILTER (WHERE c.report_id IS NOT NULL AND c.on_time IS NULL) AS date_unknown,
       CAST(count(*) FILTER (WHERE c.on_time) AS DOUBLE) / nullif(count(*) FILTER (WHERE c.on_time IS NOT NULL), 0) AS on_time_rate
FROM coverage(province := province, parent := parent, report_year := report_year, report_scope := report_scope) c
LEFT JOIN jurisdictions pj ON pj.code = c.province_code
WHERE c.obliged
GROUP BY 1
ORDER BY 1;
