-- name: not_held_rate
-- title: Not-held rate of all processed (不掌握率)
-- description: unable_not_held / total_processed, 总计 column.
SELECT division_code, province_code, parent_code, scope, year,
       unable_not_held AS numerator,
       total_processed AS denominator,
       unverified([unable_not_held_why, total_processed_why,
                   out_of_range(unable_not_held, total_processed)]) AS unverified
FROM facts
