-- name: on_time_rate
-- title: On-time publication rate (按时公开率)
-- description: reports published by their deadline ÷ reports whose publication date is known (the page's 发布日期, the URL's or the list's date; department 31 January, government 31 March of the next year unless a local rule says otherwise); a report known only by its fetch date is left out as date_unknown, never counted on time.
-- flag: yes
SELECT division_code, province_code, parent_code, scope, year,
       CASE WHEN on_time THEN 1 WHEN NOT on_time THEN 0 END AS numerator,
       CASE WHEN on_time IS NOT NULL THEN 1 END AS denominator,
       CASE WHEN on_time IS NULL THEN 'date_unknown' END AS unverified
FROM timeliness
