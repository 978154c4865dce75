-- latest_year: the last report year with compared reports, in a province
-- ('' = anywhere); NULL when there is none.
SELECT max(year) FROM facts WHERE $province = '' OR province_code = $province
