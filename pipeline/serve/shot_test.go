package serve

import (
	"os"
	"testing"
)

func TestShots(t *testing.T) {
	if os.Getenv("SHOTS") == "" {
		t.Skip()
	}
	b := startBrowser(t, 1366)
	f := newFixture(t)
	for name, path := range map[string]string{"province": "/province/370000", "j": "/j/370685", "brief": "/brief/370000?year=2023", "search": "/search?q=市"} {
		b.navigate(f.srv.URL + path)
		if err := b.screenshot("/tmp/shot-" + name + ".png"); err != nil {
			t.Fatal(err)
		}
		t.Log(name, b.Problems())
	}
}
