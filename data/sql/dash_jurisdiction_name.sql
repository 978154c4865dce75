-- dash_jurisdiction_name: name, level, parent and province of one code.
SELECT name, level, parent_code, province_code FROM jurisdictions WHERE code = $code
