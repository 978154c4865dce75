package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"ogi/pipeline/extract"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); empty,
// the module's build information says what was built.
var version string

// versionString says which ogi this is: its version (or the VCS revision
// it was built from), the extractor version that keys the extraction
// cache, and the Go release.
func versionString() string {
	v, rev, dirty := version, "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && dirty {
		rev += "+dirty"
	}
	out := "ogi " + v
	if rev != "" {
		out += " (" + rev + ")"
	}
	return fmt.Sprintf("%s, extractor %s, %s", out, extract.Version, runtime.Version())
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintln(stderr, "usage: ogi version")
		return 2
	}
	fmt.Fprintln(stdout, versionString())
	return 0
}
