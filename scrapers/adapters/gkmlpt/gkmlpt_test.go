package gkmlpt

import (
	"fmt"
	"strings"
	"testing"

	"ogi/scrapers/adapters"
)

func configPage(cats int) *adapters.Page {
	var tree []string
	for i := range cats {
		tree = append(tree, fmt.Sprintf(`{id: %d, name: "%d年政府信息公开年报"}`, 100+i, 2000+i))
	}
	tree = append(tree, `{id: 9, name: "通知公告"}`)
	html := `<script>window._CONFIG = {SID: "abc123", TREE: [` + strings.Join(tree, ", ") + `]};</script>`
	return adapters.NewPage("http://www.example.gov.cn/gkmlpt/index", []byte(html), "text/html; charset=utf-8")
}

// The annual-report categories are read from the TREE; a page naming more
// than MaxCategories is refused instead of walked, MaxPages requests each.
func TestParseConfigCategories(t *testing.T) {
	cfg, err := ParseConfig(configPage(2), "http://www.example.gov.cn/gkmlpt/index")
	if err != nil || cfg.SID != "abc123" || strings.Join(cfg.Cats, ",") != "100,101" {
		t.Fatalf("config %+v, %v", cfg, err)
	}
	if _, err := ParseConfig(configPage(MaxCategories+1), "http://www.example.gov.cn/gkmlpt/index"); err == nil {
		t.Errorf("%d categories accepted", MaxCategories+1)
	}
	if cfg, err := ParseConfig(configPage(MaxCategories), "http://www.example.gov.cn/gkmlpt/index"); err != nil || len(cfg.Cats) != MaxCategories {
		t.Errorf("%d categories: %d read, %v", MaxCategories, len(cfg.Cats), err)
	}
}
