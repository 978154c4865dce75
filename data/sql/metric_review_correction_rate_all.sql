-- name: review_correction_rate_all
-- title: Reconsideration correction rate, all cases (纠错数/立案数)
-- description: review_corrected / review_total: corrected among all 行政复议 cases, pending included.
SELECT division_code, province_code, parent_code, scope, year,
       review_corrected AS numerator,
       review_total AS denominator,
       unverified([review_corrected_why, review_total_why,
                   out_of_range(review_corrected, review_total)]) AS unverified
FROM facts
