-- name: disclosure_rate
-- title: Substantive disclosure rate (实质公开率)
-- description: (granted + partially_granted) / total_processed, 总计 column.
SELECT division_code, province_code, parent_code, scope, year,
       granted + partially_granted AS numerator,
       total_processed AS denominator,
       unverified([granted_why, partially_granted_why, total_processed_why,
                   out_of_range(granted + partially_granted, total_processed)]) AS unverified
FROM facts
