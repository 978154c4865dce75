-- deadline_rule: replaces the deadline rule of a scope and code prefix
-- (ogi's --deadline flags); $scope '' = any, $prefix '' = every division.
DELETE FROM deadline_rules WHERE scope = $scope AND code_prefix = $prefix;
INSERT INTO deadline_rules VALUES ($scope, $prefix, $month, $day);
