package cache

import (
	"io/fs"
	"syscall"
	"time"
)

func changeTime(info fs.FileInfo) (time.Time, uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return time.Time{}, 0, false
	}
	return time.Unix(st.Ctim.Sec, st.Ctim.Nsec), st.Ino, true
}

// ReadStamped returns the bytes of the regular file name and its Stamp,
// taken from the open file before it is read: one open, one fstat, the
// reads and a close. A build reads every page file, and os.Lstat with
// os.ReadFile was twice as many system calls (an *os.File registers with
// the poller and sets and clears non-blocking mode on every open).
// ok is false for anything else, a symbolic link or an error included;
// the caller then reads the file the usual way, which reports the error.
func ReadStamped(name string) (data []byte, st Stamp, ok bool) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, Stamp{}, false
	}
	defer syscall.Close(fd)
	var s syscall.Stat_t
	if syscall.Fstat(fd, &s) != nil || s.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, Stamp{}, false
	}
	// One byte more than its size, so that a file that grew since is
	// read to its end and one that did not needs no second read.
	data = make([]byte, 0, s.Size+1)
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, Stamp{}, false
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	st = Stamp{size: s.Size, mtime: time.Unix(s.Mtim.Sec, s.Mtim.Nsec), ctime: time.Unix(s.Ctim.Sec, s.Ctim.Nsec), ino: s.Ino}
	return data, st, true
}
