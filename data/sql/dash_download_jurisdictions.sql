-- dash_download_jurisdictions: the jurisdictions of a province,
-- prefecture or code ('' = any).
SELECT * FROM jurisdictions
WHERE ($province = '' OR province_code = $province)
  AND ($parent = '' OR parent_code = $parent)
  AND ($code = '' OR code = $code)
ORDER BY code
