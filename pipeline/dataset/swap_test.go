package dataset

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// gens lists the generation folders of a data folder by name.
func gens(t *testing.T, dir string) []string {
	t.Helper()
	ns, err := generations(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, generationName(n))
	}
	return out
}

// TestGenerationsKeepPinnedAndPrevious: every build keeps the previous
// generation for unpinned readers, removes older ones, and never removes
// one a reader pins; the pinned files stay readable, byte for byte.
func TestGenerationsKeepPinnedAndPrevious(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, in)
	pin, err := PinCurrent(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(pin.Dir, filepath.Join(GenerationsName, "g000001")) {
		t.Fatalf("pinned %s, want generation 1", pin.Dir)
	}
	pinned := readTree(t, pin.Dir)

	for range 3 {
		build(t, dir, &fixtureExtractor{}, in)
	}
	// Generation 4 is current, 3 the previous one, 1 pinned; 2 is gone.
	if got, want := gens(t, dir), []string{"g000001", "g000003", "g000004"}; !slices.Equal(got, want) {
		t.Fatalf("generations %v, want %v", got, want)
	}
	if again := readTree(t, pin.Dir); !bytes.Equal(again[ManifestName], pinned[ManifestName]) || len(again) != len(pinned) {
		t.Fatal("the pinned generation changed")
	}
	cur, err := Current(dir)
	if err != nil || filepath.Base(cur) != "g000004" {
		t.Fatalf("current %s %v", cur, err)
	}

	// Released, the pinned generation goes with the next build.
	pin.Release()
	pin.Release() // twice is harmless
	build(t, dir, &fixtureExtractor{}, in)
	if got, want := gens(t, dir), []string{"g000004", "g000005"}; !slices.Equal(got, want) {
		t.Fatalf("after release: generations %v, want %v", got, want)
	}
	if _, err := os.Stat(pinPath(dir, "g000001")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the pin file of a removed generation is left: %v", err)
	}
}

// TestSwapReportsFolderSyncFailure injects a failing folder sync: the
// build succeeds (the renames happened) and says on the log that the swap
// may not be on disk.
func TestSwapReportsFolderSyncFailure(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	var logged bytes.Buffer
	var synced []string
	_, err := Build(context.Background(), Options{
		DataDir: dir, Paths: []string{in}, Extract: (&fixtureExtractor{}).extract, ExtractorVersion: "v1",
		Logger: slog.New(slog.NewTextHandler(&logged, nil)),
		syncDir: func(d string) error {
			synced = append(synced, d)
			return errInjected
		},
	})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if !slices.Contains(synced, dir) {
		t.Errorf("the data folder was never synced after the swap: %v", synced)
	}
	if !strings.Contains(logged.String(), "could not be synced") || !strings.Contains(logged.String(), errInjected.Error()) {
		t.Errorf("no warning of the failed sync in the log:\n%s", logged.String())
	}
	if _, err := Current(dir); err != nil {
		t.Errorf("the dataset is not in place: %v", err)
	}
}

// TestSyncDirReportsErrors: the real folder sync returns the error of a
// folder that cannot be opened, rather than dropping it.
func TestSyncDirReportsErrors(t *testing.T) {
	if err := syncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("syncing a missing folder gave no error")
	}
	if err := syncDir(t.TempDir()); err != nil {
		t.Fatalf("syncing a folder: %v", err)
	}
}
