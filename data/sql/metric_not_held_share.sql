-- name: not_held_share
-- title: Not-held share of unable-to-provide (不掌握占比)
-- description: unable_not_held / (unable_not_held + unable_needs_creation + unable_unclear), 总计 column; a high share signals misdirected applications.
SELECT division_code, province_code, parent_code, scope, year,
       unable_not_held AS numerator,
       unable_not_held + unable_needs_creation + unable_unclear AS denominator,
       unverified([unable_not_held_why, unable_needs_creation_why, unable_unclear_why,
                   out_of_range(unable_not_held, unable_not_held + unable_needs_creation + unable_unclear)]) AS unverified
FROM facts
