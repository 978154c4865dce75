-- dash_download_all: a table without report rows (fetches, identity_cells,
-- active_keys: the name and sort order go in the placeholders), whole.
SELECT * FROM {{table}} ORDER BY {{order}}
