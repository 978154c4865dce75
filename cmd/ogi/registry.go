package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"ogi/data"
	"ogi/scrapers/crawl"
)

// selectFlags choose registry rows: --province, --parent, --level, --codes
// (shared by ogi registry, discover, crawl and run).
type selectFlags struct {
	province, parent, level, codes string
}

func (sf *selectFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.province, "province", "", "only this province, by name or code (山东, 山东省, 37, 370000)")
	fs.StringVar(&sf.parent, "parent", "", "only the divisions directly under this one (code, or unique name: 370600, 烟台市)")
	fs.StringVar(&sf.level, "level", "", "only this level: province, prefecture or county")
	fs.StringVar(&sf.codes, "codes", "", "only the division codes listed in this file (one a line, or a CSV's first column)")
}

// registrySource names the embedded registries accepted by --registry.
const registrySource = `"cn" (the shipped registry of real portals), "example", or a CSV file`

// registryBytes reads --registry: an embedded registry by name, or a file.
func registryBytes(name string) ([]byte, error) {
	switch name {
	case "cn":
		return data.PortalsCN, nil
	case "example":
		return data.PortalsExample, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return b, nil
}

// loadRegistry reads and filters a registry. Rows set aside (no code or
// no URL) are named on stderr. A filter value that names nothing is a
// *crawl.UsageError (exit 2); a filter that keeps no row is an error
// saying so (exit 1).
func loadRegistry(name string, sf selectFlags, stderr io.Writer) (crawl.Registry, error) {
	raw, err := registryBytes(name)
	if err != nil {
		return crawl.Registry{}, err
	}
	reg, err := crawl.ParseRegistry(bytes.NewReader(raw))
	if err != nil {
		return crawl.Registry{}, err
	}
	spec := crawl.FilterSpec{Province: sf.province, Parent: sf.parent, Level: sf.level}
	if sf.codes != "" {
		f, err := os.Open(sf.codes)
		if err != nil {
			return crawl.Registry{}, &crawl.UsageError{Msg: fmt.Sprintf("--codes: %v", err)}
		}
		spec.Codes, err = crawl.ReadCodes(f)
		f.Close()
		if err != nil {
			return crawl.Registry{}, &crawl.UsageError{Msg: fmt.Sprintf("--codes %s: %v", sf.codes, err)}
		}
		if spec.Codes == nil {
			spec.Codes = []string{} // an empty file selects nothing
		}
	}
	filter, err := crawl.NewFilter(spec, reg.Portals)
	if err != nil {
		return crawl.Registry{}, err
	}
	reg = filter.Apply(reg)
	if len(reg.Skipped) > 0 {
		fmt.Fprintf(stderr, "registry: %d rows set aside (they cannot be crawled):\n", len(reg.Skipped))
		for _, s := range reg.Skipped {
			fmt.Fprintf(stderr, "  %s\n", s)
		}
	}
	if len(reg.Portals) == 0 {
		what := "the registry has no crawlable row"
		if !filter.IsZero() {
			what = "no registry row matches " + filter.String()
		}
		return reg, errors.New(what)
	}
	return reg, nil
}

// exitFor is the exit status of a registry error: 2 for a usage error.
func exitFor(err error) int {
	var ue *crawl.UsageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// registryColumns are the columns ogi registry and ogi discover write: the
// registry format ogi crawl reads back.
var registryColumns = []string{"code", "name", "list_url", "adapter", "home_url", "scope", "parent_code", "level",
	"source", "checked", "note"}

func registryRow(p crawl.Portal) []string {
	adapter := p.Adapter
	if adapter == "auto" && p.ListURL == "" {
		adapter = ""
	}
	return []string{p.Code, p.Name, p.ListURL, adapter, p.HomeURL, string(p.Scope), p.ParentCode, p.Level, p.Source, p.Checked, p.Note}
}

// writeRows prints a header and rows as csv, json (an array of objects)
// or an aligned table.
func writeRows(w io.Writer, format string, head []string, rows [][]string) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(head); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return nil
	case "json":
		// An array of objects, keys in column order, empty fields left out.
		var b bytes.Buffer
		b.WriteString("[")
		for i, r := range rows {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n  {")
			n := 0
			for j, h := range head {
				if j >= len(r) || r[j] == "" {
					continue
				}
				if n > 0 {
					b.WriteString(", ")
				}
				n++
				b.WriteString(jsonString(h) + ": " + jsonString(r[j]))
			}
			b.WriteString("}")
		}
		b.WriteString("\n]\n")
		_, err := w.Write(b.Bytes())
		return err
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(head, "\t"))
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		return tw.Flush()
	}
}

// jsonString quotes s as a JSON string, leaving & < > as they are (URLs
// stay readable).
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

var outputFormats = []string{"table", "csv", "json"}

func checkFormat(format string) error {
	for _, f := range outputFormats {
		if f == format {
			return nil
		}
	}
	return &crawl.UsageError{Msg: fmt.Sprintf("--format %q: want one of %s", format, strings.Join(outputFormats, ", "))}
}

// runRegistry implements `ogi registry`: print the (filtered) registry.
func runRegistry(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("registry", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("registry", "cn", "registry to print: "+registrySource)
	format := fs.String("format", "table", "output: table, csv (the registry format ogi crawl reads) or json")
	var sf selectFlags
	sf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi registry [--registry cn|example|FILE] [--province P] [--parent CODE] [--level L] [--codes FILE] [--format table|csv|json]")
		fmt.Fprintln(stderr, "Prints the portal registry: by default the shipped registry of real portals (see data/PORTALS-CN.md).")
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 {
		fs.Usage()
		return 2
	}
	if err := checkFormat(*format); err != nil {
		fmt.Fprintf(stderr, "ogi registry: %v\n", err)
		return 2
	}
	reg, err := loadRegistry(*name, sf, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ogi registry: %v\n", err)
		return exitFor(err)
	}
	rows := make([][]string, 0, len(reg.Portals))
	for _, p := range reg.Portals {
		rows = append(rows, registryRow(p))
	}
	if err := writeRows(stdout, *format, registryColumns, rows); err != nil {
		fmt.Fprintf(stderr, "ogi registry: %v\n", err)
		return 1
	}
	return 0
}
