package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// swap puts the folder tmp in dest's place and returns where the old dest
// now is ("" when there was none). On Linux the two are exchanged in one
// step, so there is no moment without a site at dest; file systems that
// cannot do that get two renames.
func swap(tmp, dest string) (old string, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return tmp, nil
	case errors.Is(err, unix.ENOENT):
		// No old site: a plain rename, which must not replace one made
		// since.
		if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_NOREPLACE); err == nil {
			return "", nil
		}
	}
	return swapRenames(tmp, dest)
}
