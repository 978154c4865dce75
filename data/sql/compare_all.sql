-- compare_all: the rankings of every metric at once, as compare_<name>
-- gives each (same parameters, same rules), with the metric's name in a
-- first column metric. It reads metric_all, the union of the metric
-- views. The dashboard's province and jurisdiction pages run it: one query
-- instead of one per metric.
CREATE OR REPLACE MACRO compare_all(province := '', parent := '', jurisdiction := '',
        report_scope := 'gov_aggregate', report_year := 0, group_by := 'jurisdiction',
        include_unverified := false, min_denominator := 10) AS TABLE
WITH filtered AS (
    SELECT m.*,
           m.numerator IS NOT NULL AND m.denominator IS NOT NULL
               AND (m.unverified IS NULL OR include_unverified) AS counted
    FROM metric_all m
    WHERE (province = '' OR m.province_code = province)
      AND (parent = '' OR m.parent_code = parent)
      AND (jurisdiction = '' OR m.division_code = jurisdiction)
      AND (report_scope = '' OR m.scope = report_scope)
      AND (report_year = 0 OR m.year = report_year)
), grouped AS (
    SELECT
        f.metric AS metric,
        CASE group_by WHEN 'province' THEN f.province_code
                      WHEN 'parent' THEN f.parent_code
                      ELSE f.division_code END AS code,
        f.year AS year,
        f.scope AS scope,
        CAST(sum(f.numerator) FILTER (WHERE f.counted) AS DOUBLE) AS numerator,
        CAST(sum(f.denominator) FILTER (WHERE f.counted) AS DOUBLE) AS denominator,
        count(*) FILTER (WHERE f.counted) AS reports,
        count(*) FILTER (WHERE f.unverified IS NOT NULL) AS unverified,
        unverified(list(string_split(f.unverified, ', ')) FILTER (WHERE f.unverified IS NOT NULL)) AS unverified_reasons
    FROM filtered f
    GROUP BY ALL
), valued AS (
    SELECT g.*,
        CASE WHEN g.denominator > 0 THEN g.numerator / g.denominator END AS value,
        coalesce(g.denominator < min_denominator, false) AS small_denominator
    FROM grouped g
)
SELECT
    v.metric AS metric,
    CASE WHEN v.value IS NOT NULL AND NOT v.small_denominator
         THEN rank() OVER (PARTITION BY v.metric, v.year, v.scope, v.value IS NOT NULL AND NOT v.small_denominator
                           ORDER BY v.value DESC)
    END AS rank,
    v.code AS code,
    j.name AS name,
    v.year AS year,
    v.numerator AS numerator,
    v.denominator AS denominator,
    v.value AS value,
    v.small_denominator AS small_denominator,
    v.scope AS scope,
    v.reports AS reports,
    v.unverified AS unverified,
    v.unverified_reasons AS unverified_reasons
FROM valued v
LEFT JOIN jurisdictions j ON j.code = v.code
ORDER BY v.metric, v.year, v.scope, rank NULLS LAST, v.value DESC NULLS LAST, v.code;
