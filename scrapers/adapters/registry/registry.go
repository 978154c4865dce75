// Package registry is the one place where portal adapters are registered:
// trs, hanweb, gkmlpt, vsb, generic, and auto, which recognises the CMS
// from the list page itself.
package registry

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/generic"
	"ogi/scrapers/adapters/gkmlpt"
	"ogi/scrapers/adapters/hanweb"
	"ogi/scrapers/adapters/trs"
	"ogi/scrapers/adapters/vsb"
	"ogi/scrapers/fetch"
)

// detectOrder is the order auto-detection tries the CMS adapters; generic
// accepts anything and comes last.
var detectOrder = []adapters.Adapter{gkmlpt.Adapter{}, hanweb.Adapter{}, trs.Adapter{}, vsb.Adapter{}}

// All returns every concrete adapter (not auto), sorted by name.
func All() []adapters.Adapter {
	out := append([]adapters.Adapter{generic.Adapter{}}, detectOrder...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Names lists the names accepted by Lookup.
func Names() []string {
	var n []string
	for _, a := range All() {
		n = append(n, a.Name())
	}
	return append(n, "auto")
}

// Lookup returns the adapter called name ("" means auto).
func Lookup(name string) (adapters.Adapter, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || name == "auto" {
		return Auto{}, nil
	}
	for _, a := range All() {
		if a.Name() == name {
			return a, nil
		}
	}
	return nil, fmt.Errorf("unknown adapter %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// Auto recognises the CMS from the list page and delegates to its adapter.
type Auto struct{}

// Name implements adapters.Adapter.
func (Auto) Name() string { return "auto" }

// Detect implements adapters.Adapter.
func (Auto) Detect(*adapters.Page) bool { return true }

// Detect returns the adapter that recognises page p (generic if none does).
func Detect(p *adapters.Page) adapters.Adapter {
	for _, a := range detectOrder {
		if a.Detect(p) {
			return a
		}
	}
	return generic.Adapter{}
}

// Discover implements adapters.Adapter. The list page is fetched once to
// recognise the CMS; the chosen adapter fetches it again (the crawler's
// session serves that second read from the archive of this run).
func (Auto) Discover(ctx context.Context, c fetch.Client, listURL string) ([]adapters.Link, error) {
	p, err := adapters.Get(ctx, c, strings.SplitN(listURL, "#", 2)[0])
	if err != nil {
		return nil, fmt.Errorf("auto: list: %w", err)
	}
	p.URL = listURL
	return Detect(p).Discover(ctx, c, listURL)
}
