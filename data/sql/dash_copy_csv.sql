-- dash_copy_csv: writes a download query (from dash_download_*) to a
-- file of the dashboard's scratch folder as CSV; the query and the quoted
-- path go in the two placeholders below.
COPY ({{query}}) TO {{file}} (FORMAT csv, HEADER true)
