//go:build unix

package publish

import (
	"os"
	"os/exec"
	"syscall"
)

// writeNew creates the file name, which must not exist, holding data.
// It is os.WriteFile without what an *os.File costs on every call (its
// poller registration, finalizer and extra fcntl calls): a build writes
// thousands of files, and these calls were a good part of its time.
func writeNew(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// removeDetached starts deleting dir with rm in a process of its own
// session, which outlives this one, and reports whether it started.
func removeDetached(dir string) bool {
	cmd := exec.Command("rm", "-rf", "--", dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() != nil {
		return false
	}
	// Not waited for: when this process exits first, init adopts rm.
	_ = cmd.Process.Release()
	return true
}
