package serve

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"ogi/pipeline/query"
)

// num converts a value read from DuckDB to a float; ok is false for NULL
// and for anything that is not a number.
func num(v any) (float64, bool) {
	switch x := v.(type) {
	case nil:
		return 0, false
	case float64:
		return x, !math.IsNaN(x)
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case *big.Int:
		if x == nil {
			return 0, false
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, true
	case *float64:
		if x == nil {
			return 0, false
		}
		return *x, true
	case *int64:
		if x == nil {
			return 0, false
		}
		return float64(*x), true
	case interface{ Float64() (float64, error) }:
		f, err := x.Float64()
		return f, err == nil
	case fmt.Stringer:
		f, err := strconv.ParseFloat(x.String(), 64)
		return f, err == nil
	}
	return 0, false
}

// str converts a value read from DuckDB to text; NULL is "".
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case bool:
		return strconv.FormatBool(x)
	}
	if f, ok := num(v); ok {
		return fmtNum(f)
	}
	return fmt.Sprint(v)
}

func boolean(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		b, _ := strconv.ParseBool(x)
		return b
	}
	f, ok := num(v)
	return ok && f != 0
}

// fmtNum prints a count as an integer and anything else with up to two
// decimals.
func fmtNum(f float64) string {
	if math.IsNaN(f) {
		return ""
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func fmtPct(f float64) string {
	if math.IsNaN(f) {
		return ""
	}
	return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
}

var (
	codeRE = regexp.MustCompile(`^[0-9]{2,12}$`)
	idRE   = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,128}$`)
)

// validCode reports whether s looks like a GB/T 2260 division code.
func validCode(s string) bool { return codeRE.MatchString(s) }

// parseYear reads an optional year parameter: 0 when absent.
func parseYear(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1990 || y > 2100 {
		return 0, fmt.Errorf("bad year %q", s)
	}
	return y, nil
}

// dateText prints a DATE read from DuckDB as yyyy-mm-dd ("" for NULL).
func dateText(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.Format("2006-01-02")
	case query.Date:
		return t.String()
	}
	return str(v)
}
