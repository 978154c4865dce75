//go:build unix

package proc

import (
	"os/exec"
	"syscall"
)

// setProcessGroup starts the child in a process group of its own and makes
// cancellation kill that whole group, so converters that fork helpers
// (soffice → soffice.bin) leave nothing behind.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
