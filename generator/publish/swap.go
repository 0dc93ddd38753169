package publish

import (
	"fmt"
	"os"
)

// swap puts the folder tmp in dest's place with two renames: dest aside,
// then tmp into place. It returns where the old dest now is, or "" when
// there was none. (Linux's renameat2 could exchange the two in one step,
// but only through golang.org/x/sys, which is not one of the project's
// dependencies.)
func swap(tmp, dest string) (old string, err error) {
	if _, err := os.Lstat(dest); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return "", fmt.Errorf("move the old site aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			// Put the old site back so the destination is never left empty.
			_ = os.Rename(old, dest)
		}
		return "", fmt.Errorf("move the new site into place: %w", err)
	}
	return old, nil
}
