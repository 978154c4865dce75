-- name: application_growth
-- title: Application growth, year over year (申请量增长率)
-- description: (new_received[t] − new_received[t−1]) / new_received[t−1], 总计 column; only jurisdictions with both years (same division and scope) count.
SELECT f.division_code, f.province_code, f.parent_code, f.scope, f.year,
       f.new_received - p.new_received AS numerator,
       p.new_received AS denominator,
       unverified([f.new_received_why, of_year(p.new_received_why, p.year)]) AS unverified
FROM facts f
JOIN facts p ON p.division_code = f.division_code AND p.scope = f.scope AND p.year = f.year - 1
