-- name: dispute_rate
-- title: Dispute rate (争议转化率)
-- description: (review_total + lit_direct_total) / new_received: disputes per new application; lit_after_review is left out so one dispute is not counted twice.
SELECT division_code, province_code, parent_code, scope, year,
       review_total + lit_direct_total AS numerator,
       new_received AS denominator,
       unverified([review_total_why, lit_direct_total_why, new_received_why]) AS unverified
FROM facts
