//go:build !linux

package publish

// swap puts the folder tmp in dest's place and returns where the old dest
// now is ("" when there was none).
func swap(tmp, dest string) (string, error) { return swapRenames(tmp, dest) }
