-- name: carry_over_consistency
-- title: Carry-over consistency between consecutive years (结转衔接一致率)
-- description: share of consecutive report pairs (same division and scope) where carried_in[t] = carried_out[t−1], 总计 column; a jurisdiction row is 1/1 or 0/1.
-- flag: yes
SELECT f.division_code, f.province_code, f.parent_code, f.scope, f.year,
       CASE WHEN f.carried_in IS NULL OR p.carried_out IS NULL THEN NULL
            WHEN f.carried_in = p.carried_out THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       unverified([f.carried_in_why, of_year(p.carried_out_why, p.year)]) AS unverified
FROM facts f
JOIN facts p ON p.division_code = f.division_code AND p.scope = f.scope AND p.year = f.year - 1
