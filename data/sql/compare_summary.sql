-- compare_summary_{{metric}}: what a comparison of metric_{{metric}} with
-- the same parameters left out, and why, as rows (kind, reason, rows); a
-- row is one jurisdiction in one year and scope.
--   compared    rows whose figures were summed
--   included    unverified rows counted in (include_unverified)
--   unverified  rows left out, once per reason (a row may have several);
--               with include_unverified, those still left out (a blank
--               or unread cell leaves no figure to count)
--   scope       rows of another scope than the one asked for
--   not_read    jurisdictions and years with reports but none read (no
--               primary report), by status and reason
CREATE OR REPLACE MACRO compare_summary_{{metric}}(province := '', parent := '', jurisdiction := '',
        report_scope := 'gov_aggregate', report_year := 0, include_unverified := false) AS TABLE
WITH base AS (
    SELECT m.*, (report_scope = '' OR m.scope = report_scope) AS in_scope
    FROM metric_{{metric}} m
    WHERE (province = '' OR m.province_code = province)
      AND (parent = '' OR m.parent_code = parent)
      AND (jurisdiction = '' OR m.division_code = jurisdiction)
      AND (report_year = 0 OR m.year = report_year)
), reasons AS (
    SELECT unnest(string_split(b.unverified, ', ')) AS reason
    FROM base b
    WHERE b.in_scope AND b.unverified IS NOT NULL
      AND NOT (include_unverified AND b.numerator IS NOT NULL AND b.denominator IS NOT NULL)
), unread AS (
    SELECT r.status || coalesce(' ' || r.reason, '') AS reason, r.division_code, r.year
    FROM reports r
    LEFT JOIN jurisdictions j ON j.code = r.division_code
    WHERE r.is_current AND NOT r.is_primary AND r.division_code IS NOT NULL
      AND r.status NOT IN ('ok', 'partial')
      AND (province = '' OR r.province_code = province)
      AND (parent = '' OR j.parent_code = parent)
      AND (jurisdiction = '' OR r.division_code = jurisdiction)
      AND (report_year = 0 OR r.year = report_year)
      AND NOT EXISTS (SELECT 1 FROM reports p
                      WHERE p.is_primary AND p.division_code = r.division_code AND p.year IS NOT DISTINCT FROM r.year)
)
SELECT 'compared' AS kind, '' AS reason, count(*) AS rows
FROM base b
WHERE b.in_scope AND b.numerator IS NOT NULL AND b.denominator IS NOT NULL AND b.unverified IS NULL
UNION ALL
SELECT 'included', '', count(*)
FROM base b
WHERE b.in_scope AND include_unverified AND b.unverified IS NOT NULL
  AND b.numerator IS NOT NULL AND b.denominator IS NOT NULL
UNION ALL
SELECT 'unverified', r.reason, count(*) FROM reasons r GROUP BY r.reason
UNION ALL
SELECT 'scope', b.scope, count(*) FROM base b WHERE NOT b.in_scope GROUP BY b.scope
UNION ALL
SELECT 'not_read', u.reason, count(DISTINCT (u.division_code, u.year)) FROM unread u GROUP BY u.reason
ORDER BY kind, rows DESC, reason;
