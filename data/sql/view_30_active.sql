-- active_harmonised: table 二 of every compared report with what the
-- 2019 and 2021 keys share. comparable_key is the key under which the
-- value compares across templates (only licensing_decisions,
-- penalty_decisions and coercion_decisions; see active_keys), NULL with a
-- note saying why for every other key. amount_wan is an amount in 万元
-- (fees, procurement); value and unit stay as printed.
CREATE OR REPLACE VIEW active_harmonised AS
SELECT a.report_id, r.division_code, r.province_code, coalesce(r.scope, '') AS scope, r.year, r.template,
       a.key, k.comparable_key, a.value, a.unit, a.amount_wan, k.note
FROM active a
JOIN reports r USING (report_id)
LEFT JOIN active_keys k ON k.template = r.template AND k.key = a.key
WHERE r.is_primary;
