// Command gendocs writes docs/dataset.md, the data dictionary that every
// build also writes as DIR/dataset/README.md (run from the repository
// root: go run ./internal/gendocs).
package main

import (
	"fmt"
	"os"

	"ogi/pipeline/dataset"
)

func main() {
	text, err := dataset.Readme()
	if err == nil {
		err = os.WriteFile("docs/dataset.md", []byte(text), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
