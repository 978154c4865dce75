package dataset

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestKilledBuildLeavesPreviousDataset kills a real build process while it
// is writing the new dataset (SIGKILL: no deferred cleanup runs) and checks
// that the previous dataset is untouched and that the next build cleans up
// and succeeds.
func TestKilledBuildLeavesPreviousDataset(t *testing.T) {
	if dir := os.Getenv("OGI_CRASH_CHILD"); dir != "" {
		// The child: build, then hang once every file is written.
		_, err := Build(context.Background(), Options{
			DataDir: dir, Paths: []string{os.Getenv("OGI_CRASH_INPUT")}, Extract: (&fixtureExtractor{}).extract, ExtractorVersion: "v1",
			hook: func(stage string) error {
				if stage == "written" {
					os.WriteFile(filepath.Join(dir, "child-ready"), nil, 0o644)
					time.Sleep(time.Minute)
				}
				return nil
			},
		})
		t.Fatalf("the child build returned: %v", err)
	}
	in := threeYears(t)
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, in)
	before := readTree(t, Dir(dir))
	writeFixtures(t, in, map[string]fixture{"zhaoyuan-2024.json": zhaoyuan(2024, 300, 11, 20)})

	cmd := exec.Command(os.Args[0], "-test.run", "^TestKilledBuildLeavesPreviousDataset$")
	cmd.Env = append(os.Environ(), "OGI_CRASH_CHILD="+dir, "OGI_CRASH_INPUT="+in)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "child-ready")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child build never reached the write")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	if after := readTree(t, Dir(dir)); !reflect.DeepEqual(after, before) {
		t.Fatal("the killed build changed the dataset")
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, GenerationsName, buildPrefix+"*"))
	if len(tmp) != 1 {
		t.Fatalf("expected the killed build's temp folder, found %v", tmp)
	}
	got := queryRows(t, duck(t), "SELECT max(year) FROM "+table(dir, "reports"))
	if got[0][0] != int32(2023) {
		t.Errorf("max year %v", got)
	}
	// The lock died with the process: the next build runs, cleans up and
	// includes the new report.
	s := build(t, dir, &fixtureExtractor{}, in)
	if s.Reports != 5 {
		t.Errorf("rebuild: %+v", s)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, GenerationsName, buildPrefix+"*")); len(tmp) != 0 {
		t.Errorf("temp folder left: %v", tmp)
	}
	if !strings.Contains(string(readTree(t, Dir(dir))["manifest.json"]), "year=2024") {
		t.Error("the new build lacks 2024")
	}
}
