-- dash_copy_parquet: writes a download query (from dash_download_*) to a
-- file of the dashboard's scratch folder as zstd Parquet; the query and
-- the quoted path go in the two placeholders below.
COPY ({{query}}) TO {{file}} (FORMAT parquet, COMPRESSION zstd)
