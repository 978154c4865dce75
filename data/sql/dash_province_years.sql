-- dash_province_years: the years with compared reports of the scope in a
-- province.
SELECT DISTINCT year FROM facts
WHERE province_code = $province AND scope = $scope AND year IS NOT NULL
ORDER BY year
