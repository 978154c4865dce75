-- dash_quality_fetches: failed fetches of the crawl log, at most $limit.
SELECT url, coalesce(status, 0), coalesce(error, ''), fetched_at
FROM fetches
WHERE coalesce(error, '') <> '' OR status >= 400
ORDER BY url, fetched_at
LIMIT $limit
