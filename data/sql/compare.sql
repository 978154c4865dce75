-- compare: ranks the rows of one metric (the CTE "metric", one SELECT from
-- a metric_*.sql file, put in front of this query) within a filter.
-- Parameters (bound): $province, $parent, $jurisdiction, $scope (codes;
-- '' = any), $year (0 = any), $by ('jurisdiction', 'parent' or 'province').
-- Rows are aggregated as Σnumerator / Σdenominator, never by averaging
-- ratios; rows whose numerator or denominator is unknown are left out of
-- the sums and counted in "missing". Ranks run within year and scope,
-- highest value first, over rows whose denominator is at least 10.
filtered AS (
    SELECT *
    FROM metric
    WHERE ($province = '' OR province_code = $province)
      AND ($parent = '' OR parent_code = $parent)
      AND ($jurisdiction = '' OR division_code = $jurisdiction)
      AND ($scope = '' OR scope = $scope)
      AND ($year = 0 OR year = $year)
), grouped AS (
    SELECT
        CASE $by WHEN 'province' THEN province_code
                 WHEN 'parent' THEN parent_code
                 ELSE division_code END AS code,
        year,
        scope,
        CAST(sum(numerator) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL) AS DOUBLE) AS numerator,
        CAST(sum(denominator) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL) AS DOUBLE) AS denominator,
        count(*) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL) AS reports,
        count(*) FILTER (WHERE numerator IS NULL OR denominator IS NULL) AS missing
    FROM filtered
    GROUP BY ALL
), valued AS (
    SELECT *,
        CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
        coalesce(denominator, 0) < 10 AS small_denominator
    FROM grouped
)
SELECT
    CASE WHEN value IS NOT NULL AND NOT small_denominator
         THEN rank() OVER (PARTITION BY year, scope, value IS NOT NULL AND NOT small_denominator ORDER BY value DESC)
    END AS rank,
    v.code,
    j.name,
    v.year,
    v.numerator,
    v.denominator,
    v.value,
    v.small_denominator,
    v.scope,
    v.reports,
    v.missing
FROM valued v
LEFT JOIN jurisdictions j ON j.code = v.code
ORDER BY v.year, v.scope, rank NULLS LAST, v.value DESC NULLS LAST, v.code
