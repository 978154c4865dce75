-- Macros the views and metrics share.
--
-- unverified(reasons): the distinct reasons of a list of reason lists,
-- sorted and joined with ', '; NULL when there is none, i.e. when every
-- cell a figure rests on is verified.
CREATE OR REPLACE MACRO unverified(reasons) AS
    nullif(array_to_string(list_sort(list_distinct(flatten(reasons))), ', '), '');

-- out_of_range(n, d): the reason of a share n / d that cannot exceed 1
-- (a part of a whole) when its printed figures say otherwise, or a
-- negative count; [] when it is in range. Identities that hold make this
-- impossible; it guards against anything they do not cover.
CREATE OR REPLACE MACRO out_of_range(n, d) AS
    CASE WHEN n < 0 OR d < 0 OR n > d THEN ['out_of_range'] ELSE [] END;

-- of_year(reasons, y): reasons of another year's cells, marked with it.
CREATE OR REPLACE MACRO of_year(reasons, y) AS
    list_transform(reasons, r -> r || ' (' || y || ')');

-- cell_why(failed, read, value, key): why one cell of a report is
-- unverified: not_read(key) when the report's tables did not have it,
-- else the identities that failed on it, and blank(key) when it has no
-- number. [] when it is verified.
CREATE OR REPLACE MACRO cell_why(failed, read, value, key) AS
    CASE WHEN NOT coalesce(read, false) THEN ['not_read(' || key || ')']
         ELSE coalesce(failed, []) || CASE WHEN value IS NULL THEN ['blank(' || key || ')'] ELSE [] END
    END;
