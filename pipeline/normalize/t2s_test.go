package normalize

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite t2s.bin from the dictionaries")

// TestT2STable: the embedded table is the one the dictionaries give
// (`go test ./pipeline/normalize -run TestT2STable -update` rewrites it
// after a dictionary update).
func TestT2STable(t *testing.T) {
	built, err := buildTable()
	if err != nil {
		t.Fatal(err)
	}
	want := writeTable(built)
	if *update {
		if err := os.WriteFile("t2s.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(t2sTable, want) {
		t.Fatalf("t2s.bin (%d bytes) is not the table the dictionaries give (%d bytes): run with -update", len(t2sTable), len(want))
	}
	loaded, err := loadTable(want)
	if err != nil {
		t.Fatal(err)
	}
	if *loaded != *built {
		t.Fatal("the table read back differs from the one written")
	}
	if _, err := loadTable(want[:len(want)-3]); err == nil {
		t.Error("a truncated table loads")
	}
}
