package main

import (
	"context"
	"fmt"
	"io"
)

// runSQL is not written yet; its issue owns this file.
func runSQL(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi sql: not implemented yet")
	return 2
}
