package gkmlpt

import (
	"context"
	"slices"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
)

// A gkmlpt site in its real shape: SID in single quotes, TREE as JSON with
// nested children and \u-escaped names, the annual-report node a jump_url;
// the API pages by total and one answer gives post_url instead of url.
func TestDiscoverRealShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	f.Handle("GET", "/gkmlpt/index", "testdata/index.html", "text/html; charset=utf-8")
	f.Handle("GET", "/gkmlpt/api/all/2629?page=1&sid=750001", "testdata/api_2629_p1.json", "application/json;charset=UTF-8")
	f.Handle("GET", "/gkmlpt/api/all/2629?page=2&sid=750001", "testdata/api_2629_p2.json", "application/json;charset=UTF-8")

	p, err := adapters.Get(context.Background(), f, f.URL("/gkmlpt/index"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(p, p.URL)
	if err != nil || cfg.SID != "750001" || !slices.Equal(cfg.Cats, []string{"2629"}) {
		t.Fatalf("config %+v, %v", cfg, err)
	}
	links, err := Adapter{}.Discover(context.Background(), f, f.URL("/gkmlpt/index"))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	want := []string{"/gkmlpt/content/2/2800/post_2800777.html", "/gkmlpt/content/3/3101/post_3101001.html"}
	if got := f.Paths(got); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q", got, want)
	}
	if links[0].Year != 2023 || links[1].Year != 2024 {
		t.Errorf("years %d %d", links[0].Year, links[1].Year)
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("requests beyond the API's total: %q", m)
	}
	// The annualreport page named with its category fragment.
	links, err = Adapter{}.Discover(context.Background(), f, f.URL("/gkmlpt/index#2629"))
	if err != nil || len(links) != 2 {
		t.Errorf("#2629: %d links, %v", len(links), err)
	}
}

// Department sites live under a path prefix (…/lhqkjhgyxxhj/gkmlpt/…);
// the API is asked under the same prefix.
func TestDiscoverUnderPrefix(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	pre := "/bmxxgk/kjj"
	f.Handle("GET", pre+"/gkmlpt/index", "testdata/index.html", "text/html; charset=utf-8")
	f.Handle("GET", pre+"/gkmlpt/api/all/2629?page=1&sid=750001", "testdata/api_2629_p1.json", "application/json")
	f.Handle("GET", pre+"/gkmlpt/api/all/2629?page=2&sid=750001", "testdata/api_2629_p2.json", "application/json")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(pre+"/gkmlpt/index"))
	if err != nil || len(links) != 2 {
		t.Fatalf("%d links, %v (requests %q)", len(links), err, f.Requests())
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("requests outside the prefix: %q", m)
	}
}
