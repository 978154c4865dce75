-- deadline_rules: the day by which a report must be published, in the
-- year after the year it reports on (条例 第四十九条): a department of a
-- government at county level or above by 31 January, the 本级政府 report
-- (gov_aggregate) by 31 March. A government's general office reports as
-- one of its departments (31 January). Townships have no national
-- deadline: 31 March here, like their county's government. Any other
-- report (scope unknown): 31 March.
--
-- A rule applies to a scope ('' = any) and to the divisions whose code
-- starts with code_prefix ('' = all; '37' a province, '3706' a
-- prefecture, '370685' one county): the rule with the longest prefix wins,
-- then the one that names the scope. Local rules are added as rows:
--     INSERT INTO deadline_rules VALUES ('gov_aggregate', '3706', 2, 20);
-- (ogi compare, ogi brief and ogi serve take them as --deadline
-- 3706=02-20, --deadline township=03-31, --deadline 3706:department=01-20).
CREATE OR REPLACE TABLE deadline_rules AS
SELECT * FROM (VALUES
    ('', '', 3, 31),
    ('gov_aggregate', '', 3, 31),
    ('gov_office', '', 1, 31),
    ('department', '', 1, 31),
    ('township', '', 3, 31)
) AS t(scope, code_prefix, month, day);

-- deadline_day(y, m, d): day d of month m of year y, or the month's last
-- day when it has fewer (a rule of 02-29 in a year without one).
CREATE OR REPLACE MACRO deadline_day(y, m, d) AS
    make_date(y, m, least(d, day(last_day(make_date(y, m, 1)))));
