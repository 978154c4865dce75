package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"ogi/pipeline/query"
)

// area is the part of the country a command is asked about: a province,
// a prefecture (--parent) and a jurisdiction, each a name or a code
// ("" = any).
type area struct{ province, parent, jurisdiction string }

// resolveArea turns the names of a into GB/T 2260 codes and checks that
// they agree. On failure it says why on stderr, prefixed with cmd, and
// returns the exit status: 2 for an unknown name or areas that do not
// nest, 1 when the dataset could not be asked.
func resolveArea(ctx context.Context, db *query.DB, cmd string, stderr io.Writer, a area) (area, int) {
	var out area
	for _, r := range []struct {
		flag, level, in string
		out             *string
	}{{"province", "province", a.province, &out.province}, {"parent", "prefecture", a.parent, &out.parent}, {"jurisdiction", "", a.jurisdiction, &out.jurisdiction}} {
		code, err := db.Resolve(ctx, r.level, r.in)
		var unknown *query.UnknownNameError
		switch {
		case errors.As(err, &unknown):
			fmt.Fprintf(stderr, "%s: --%s: %v%s\n", cmd, r.flag, err, choicesHint(ctx, db, r.level, unknown))
			return area{}, 2
		case err != nil:
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return area{}, 1
		}
		*r.out = code
	}
	if msg := outsideArea(out.province, out.parent, out.jurisdiction); msg != "" {
		fmt.Fprintf(stderr, "%s: %s\n", cmd, msg)
		return area{}, 2
	}
	return out, 0
}

// choicesHint lists the provinces that have reports after an unknown
// province name; other levels are too many to list.
func choicesHint(ctx context.Context, db *query.DB, level string, e *query.UnknownNameError) string {
	if level != "province" || len(e.Ambiguous) > 0 {
		return " (give a code, or a name of the jurisdictions table)"
	}
	names, err := db.Names(ctx, "province")
	if err != nil || len(names) == 0 {
		return ""
	}
	return "; provinces with reports: " + strings.Join(names, ", ")
}

// outsideArea says which filter names a division outside another's
// area: a prefecture not in the province, a jurisdiction not in the
// prefecture or province (GB/T 2260 codes: a province is the first two
// digits, a prefecture the first four). "" when they agree or are unset.
func outsideArea(province, parent, juris string) string {
	outside := func(code, area string, digits int) bool {
		return code != "" && area != "" && len(code) >= digits && len(area) >= digits && code[:digits] != area[:digits]
	}
	switch {
	case outside(parent, province, 2):
		return fmt.Sprintf("--parent %s is not in --province %s", parent, province)
	case outside(juris, parent, 4):
		return fmt.Sprintf("--jurisdiction %s is not in --parent %s", juris, parent)
	case outside(juris, province, 2):
		return fmt.Sprintf("--jurisdiction %s is not in --province %s", juris, province)
	}
	return ""
}
