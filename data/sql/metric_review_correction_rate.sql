-- name: review_correction_rate
-- title: Reconsideration correction rate, decided cases (复议纠错率)
-- description: review_corrected / (review_total − review_pending): corrected among decided 行政复议 cases.
SELECT division_code, province_code, parent_code, scope, year,
       review_corrected AS numerator,
       review_total - review_pending AS denominator,
       unverified([review_corrected_why, review_total_why, review_pending_why,
                   out_of_range(review_corrected, review_total - review_pending)]) AS unverified
FROM facts
