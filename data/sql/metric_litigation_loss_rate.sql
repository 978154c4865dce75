-- name: litigation_loss_rate
-- title: Litigation loss rate (诉讼纠错率)
-- description: (lit_direct_corrected + lit_after_review_corrected) / (lit_direct_total + lit_after_review_total − both pending): corrected among decided 行政诉讼 cases.
SELECT division_code, province_code, parent_code, scope, year,
       lit_direct_corrected + lit_after_review_corrected AS numerator,
       lit_direct_total + lit_after_review_total - lit_direct_pending - lit_after_review_pending AS denominator,
       unverified([lit_direct_corrected_why, lit_after_review_corrected_why, lit_direct_total_why,
                   lit_after_review_total_why, lit_direct_pending_why, lit_after_review_pending_why,
                   out_of_range(lit_direct_corrected + lit_after_review_corrected,
                                lit_direct_total + lit_after_review_total - lit_direct_pending - lit_after_review_pending)]) AS unverified
FROM facts
